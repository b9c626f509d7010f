/** The audit engine: caches committed to git and ignore files that let them in. */
package io.pycd.audit;
