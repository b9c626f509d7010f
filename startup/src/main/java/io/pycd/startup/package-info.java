/**
 * {@code pycd startup}: runs a Python command with an import hook ({@link io.pycd.startup.Hook}), reads what the hook
 * saw ({@link io.pycd.startup.HookReport}), judges why each module was compiled at run time
 * ({@link io.pycd.startup.Reason}), and compiles those for the interpreter that ran them
 * ({@link io.pycd.startup.StartupFix}).
 */
package io.pycd.startup;
