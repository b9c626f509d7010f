/**
 * The content-addressed bytecode store: the code CPython compiled for a source, kept under a key that covers
 * everything that changes the bytes, so that a module compiled once (on another branch, in another checkout, in an
 * earlier CI run) is written from the store instead of compiled again. A cache: deleting it is always safe.
 */
package io.pycd.store;
