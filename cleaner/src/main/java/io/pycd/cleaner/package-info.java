/** The clean engine: decides which bytecode caches are dead and removes them, never anything else. */
package io.pycd.cleaner;
