# pycd startup's hook (README.md, "pycd startup"). pycd runs the command with this file's folder first on PYTHONPATH,
# so site imports it as sitecustomize in every Python process the command starts (python -I, -E and -S do not: pycd
# says so when no process reported). It watches importlib's SourceLoader decide, for each module loaded from a source
# file, whether its cache was used, times each compile, and appends what it saw as JSON lines to the file named by
# PYCD_STARTUP_REPORT, never to the command's output. Then it imports the environment's own sitecustomize, as site
# would have. It reports what importlib did; pycd judges why. Standard library only, and nothing here may change what
# the command does: every failure of the hook's own is swallowed, the command's are not.

import os
import sys

_FROZEN = '<frozen importlib._bootstrap_external>'


def _observe(report, hook_dir):
    """Wraps importlib's SourceLoader.get_code and source_to_code, the header checks get_code makes
    (_classify_pyc, _validate_timestamp_pyc, _validate_hash_pyc; _validate_bytecode_header on 3.6), the message
    set_data gives when it cannot write a cache (the one python -v prints), and _find_and_load (the import machinery
    calls it by name for every module not yet imported: its outermost calls are the import time)."""
    import _thread
    try:
        from time import perf_counter_ns as clock
    except ImportError:  # 3.6
        from time import perf_counter

        def clock():
            return int(perf_counter() * 1e9)

    bootstrap = sys.modules['_frozen_importlib']
    external = sys.modules['_frozen_importlib_external']
    loader = external.SourceLoader
    cache_from_source = external.cache_from_source
    get_ident = _thread.get_ident
    getpid = os.getpid
    abspath = os.path.abspath
    loads = {}      # thread id -> the get_code calls in progress on it (a dict each)
    depth = {}      # thread id -> how deep in _find_and_load it is
    listings = {}   # cache folder -> its entries when first looked at, before this process wrote into it
    out = {'fd': -1, 'id': None, 'pid': None}

    def write(**fields):
        emit(None, fields)

    def emit(line, fields=None):
        """One JSON line (line followed by the pid and '}', or fields rendered), appended with one write() (atomic for a regular file opened
        O_APPEND), so that the processes of one command can share the file. The descriptor is checked before each
        write: a program may close descriptors it did not open, and the number may then name one of its own files."""
        try:
            fd = out['fd']
            try:
                st = os.fstat(fd)
                same = (st.st_dev, st.st_ino) == out['id']
            except OSError:
                same = False
            if not same:
                fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, 'O_CLOEXEC', 0), 0o600)
                st = os.fstat(fd)
                out['fd'] = fd
                out['id'] = (st.st_dev, st.st_ino)
            pid = getpid()
            if pid != out['pid']:  # the first line of this process, or of a child forked without exec
                out['pid'] = pid
                os.write(fd, _json_line(event='process', pid=pid, executable=sys.executable,
                                        version='%d.%d.%d' % sys.version_info[:3],
                                        implementation=sys.implementation.name,
                                        cache_tag=sys.implementation.cache_tag,
                                        pycache_prefix=getattr(sys, 'pycache_prefix', None),
                                        optimize=sys.flags.optimize,
                                        dont_write_bytecode=bool(sys.dont_write_bytecode)))
            if line is None:
                fields['pid'] = pid
                data = _json_line(**fields)
            else:
                data = (line + str(pid) + '}\n').encode('utf-8', 'backslashreplace')
            os.write(fd, data)
        except Exception:
            pass

    def current():
        stack = loads.get(get_ident())
        return stack[-1] if stack else None

    original_get_code = loader.get_code

    def get_code(self, fullname):
        me = get_ident()
        stack = loads.get(me)
        if stack is None:
            stack = loads[me] = []
        load = {}
        stack.append(load)
        try:
            code = original_get_code(self, fullname)
        finally:
            stack.pop()
        try:
            settle(self, fullname, load)
        except Exception:
            pass
        return code

    def settle(self, fullname, load):
        source = load.get('source')
        if source is None:  # read from its cache: the common case, rendered without the general _json
            path = self.get_filename(fullname)
            emit('{"event": "module", "module": "' + fullname.translate(_ESCAPES) + '", "source": "'
                 + (path if path.startswith('/') else abspath(path)).translate(_ESCAPES)
                 + '", "compiled": false, "pid": ')
            return
        cache = load.get('cache')
        if load['dont_write']:
            written = 'dont_write_bytecode'
        elif 'write_error' in load:
            written = 'failed'
        elif cache is not None and os.path.isfile(cache):
            written = 'written'
        else:
            written = 'not_written'
        write(event='module', module=fullname, source=source, cache=cache, compiled=True, ns=load['ns'],
              state=load.get('state', 'missing'), detail=load.get('detail'), others=load.get('others', ()),
              beside=load.get('beside'), written=written, write_error=load.get('write_error'))

    original_source_to_code = loader.source_to_code

    def source_to_code(self, data, path, *args, **kwargs):
        load = current()
        if load is None or 'source' in load:  # not a get_code being watched, or its second compile
            return original_source_to_code(self, data, path, *args, **kwargs)
        try:
            examine(load, path)
        except Exception:
            pass
        start = clock()
        try:
            return original_source_to_code(self, data, path, *args, **kwargs)
        finally:
            load['ns'] = clock() - start
            # What get_code reads right after this returns, to decide whether to write.
            load['dont_write'] = bool(sys.dont_write_bytecode)

    def examine(load, path):
        """The cache as it was when get_code gave up on it: before this compile, and before anything was written."""
        source = abspath(path)
        load['source'] = source
        try:
            cache = abspath(cache_from_source(path))
        except NotImplementedError:  # no cache tag: this implementation writes no caches
            load['state'] = 'no_cache_tag'
            return
        load['cache'] = cache
        if 'rejected' in load:
            load['state'] = 'rejected'
            load['detail'] = load['rejected']
        else:
            try:
                os.stat(cache)
                load['state'] = 'unread'  # there, but importlib could not read it (or the source's stat failed)
            except OSError:
                load['state'] = 'missing'
        folder, name = os.path.split(cache)
        entries = listings.get(folder)
        if entries is None:
            try:
                entries = listings[folder] = tuple(os.listdir(folder))
            except OSError:
                entries = listings[folder] = ()
        stem = os.path.basename(source).rpartition('.')[0] + '.'
        load['others'] = [n for n in entries if n.startswith(stem) and n.endswith('.pyc') and n != name]
        if getattr(sys, 'pycache_prefix', None):
            beside = os.path.join(os.path.dirname(source), '__pycache__', name)
            load['beside'] = os.path.isfile(beside)

    def rejecting(original):
        def check(*args, **kwargs):
            try:
                return original(*args, **kwargs)
            except (ImportError, EOFError) as e:
                load = current()
                if load is not None:
                    load['rejected'] = str(e)
                raise
        return check

    for name in ('_classify_pyc', '_validate_timestamp_pyc', '_validate_hash_pyc', '_validate_bytecode_header'):
        if hasattr(external, name):
            setattr(external, name, rejecting(getattr(external, name)))

    original_verbose_message = bootstrap._verbose_message

    def _verbose_message(message, *args, **kwargs):
        # set_data says 'could not create {!r}: {!r}' (the folder or the cache, and the OSError) and gives up.
        if args and message.startswith('could not create'):
            load = current()
            if load is not None:
                try:
                    load['write_error'] = message.format(*args)
                except Exception:
                    load['write_error'] = message
        return original_verbose_message(message, *args, **kwargs)

    original_find_and_load = bootstrap._find_and_load

    def _find_and_load(name, import_):
        me = get_ident()
        level = depth.get(me, 0)
        depth[me] = level + 1
        if level:
            try:
                return original_find_and_load(name, import_)
            finally:
                depth[me] = level
        start = clock()
        try:
            return original_find_and_load(name, import_)
        finally:
            depth[me] = 0
            emit('{"event": "import", "ns": ' + str(clock() - start) + ', "pid": ')

    loader.get_code = get_code
    loader.source_to_code = source_to_code
    bootstrap._verbose_message = _verbose_message
    bootstrap._find_and_load = _find_and_load
    write(event='hook', folder=hook_dir)


def _as_importlib(code):
    """code, and every function defined in it, as if it were importlib's own. Python leaves importlib's frames out of
    the tracebacks of imports, and warnings skip them: with the hook's wrappers named so, a traceback or a warning
    through an import looks exactly as it does without pycd."""
    consts = tuple(_as_importlib(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    if hasattr(code, 'replace'):  # 3.8+
        return code.replace(co_filename=_FROZEN, co_consts=consts)
    return type(code)(code.co_argcount, code.co_kwonlyargcount, code.co_nlocals, code.co_stacksize, code.co_flags,
                      code.co_code, consts, code.co_names, code.co_varnames, _FROZEN, code.co_name,
                      code.co_firstlineno, code.co_lnotab, code.co_freevars, code.co_cellvars)


_ESCAPES = dict((i, '\\u%04x' % i) for i in range(0x20))
_ESCAPES[ord('"')] = '\\"'
_ESCAPES[ord('\\')] = '\\\\'


def _json(value):
    if value is None:
        return 'null'
    if value is True or value is False:
        return 'true' if value else 'false'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return '[' + ', '.join(_json(v) for v in value) + ']'
    return '"' + str(value).translate(_ESCAPES) + '"'


def _json_line(**fields):
    """One JSON object and a newline, as UTF-8. A name that is not valid UTF-8 (a lone surrogate, as os gives it)
    becomes a JSON escape: backslashreplace writes exactly \\udcXX."""
    text = '{' + ', '.join('"%s": %s' % (k, _json(v)) for k, v in fields.items()) + '}\n'
    return text.encode('utf-8', 'backslashreplace')


def _chain(hook_dir):
    """Imports the environment's own sitecustomize, if any, as site would have: this folder leaves sys.path, so the
    next sitecustomize on it is found, and it replaces this module in sys.modules (importlib keeps what a module's
    execution put there). site reports its errors exactly as it would without pycd."""
    sys.path[:] = [p for p in sys.path if os.path.abspath(p) != hook_dir]
    mine = sys.modules.pop('sitecustomize', None)
    try:
        import sitecustomize  # noqa: F401
    except ImportError as e:
        if getattr(e, 'name', None) != 'sitecustomize':
            raise
        sys.modules['sitecustomize'] = mine


def _start():
    hook_dir = os.path.dirname(os.path.abspath(__file__))
    report = os.environ.get('PYCD_STARTUP_REPORT')
    if report and sys.implementation.name == 'cpython':
        try:
            _observe.__code__ = _as_importlib(_observe.__code__)
            _observe(report, hook_dir)
        except Exception:
            pass
    _chain(hook_dir)


_start()
