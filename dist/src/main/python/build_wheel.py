"""Writes pycd's release folder as a wheel, the way ruff and uv ship native programs: no Python code, the launcher
as a script (installed into the environment's bin/) and the rest as data (installed under the environment's prefix:
share/pycd/ for the runtime and the application, share/man/ and the completion folders where man and the shells
look for them beside a bin/ on PATH). Standard library only, no network.

    python3 build_wheel.py RELEASE_FOLDER VERSION OUT_FOLDER    (prints the wheel's path)
"""
import base64
import hashlib
import os
import stat
import sys
import zipfile

TAG = "py3-none-manylinux_2_17_x86_64"
# Entries carry one fixed time: the same files make the same wheel.
EPOCH = (1980, 1, 1, 0, 0, 0)


def pep440(version):
    """Maven's 0.1.0-SNAPSHOT is 0.1.0.dev0 for pip."""
    return version[: -len("-SNAPSHOT")] + ".dev0" if version.endswith("-SNAPSHOT") else version


def entries(release, data):
    """(archive name, file on disk) for every file of the release; symbolic links are stored as the file they name."""
    for folder, dirs, files in os.walk(release):
        dirs.sort()
        # Sorted: pip installs in this order, lib/pycd.aot before lib/pycd.jar, which bin/pycd relies on to tell a
        # jar that lost its build-time mtime (see bin/pycd) from one that kept it.
        for name in sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, release).replace(os.sep, "/")
            if rel == "bin/pycd":
                yield data + ".data/scripts/pycd", path
            if rel.startswith("share/"):
                yield data + ".data/data/" + rel, path
            else:
                yield data + ".data/data/share/pycd/" + rel, path


def main(release, version, out):
    version = pep440(version)
    dist = "pycd-" + version
    info = dist + ".dist-info"
    wheel = os.path.join(out, "%s-%s.whl" % (dist, TAG))
    record = []
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data, mode):
            zi = zipfile.ZipInfo(name, EPOCH)
            zi.external_attr = (stat.S_IFREG | mode) << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (name, digest, len(data)))

        for name, path in entries(release, dist):
            with open(path, "rb") as f:
                add(name, f.read(), 0o755 if os.stat(path).st_mode & 0o111 else 0o644)
        add(info + "/METADATA", (
            "Metadata-Version: 2.1\n"
            "Name: pycd\n"
            "Version: %s\n"
            "Summary: Keeps Python bytecode caches right: compile, watch, clean, audit.\n"
            "Platform: linux\n"
            "\n"
            "pycd with its own Java runtime: nothing else to install. Run `pycd --help`; `man pycd`.\n" % version
        ).encode(), 0o644)
        add(info + "/WHEEL", (
            "Wheel-Version: 1.0\n"
            "Generator: pycd build_wheel.py\n"
            "Root-Is-Purelib: false\n"
            "Tag: %s\n" % TAG
        ).encode(), 0o644)
        record.append(info + "/RECORD,,")
        zi = zipfile.ZipInfo(info + "/RECORD", EPOCH)
        zi.external_attr = (stat.S_IFREG | 0o644) << 16
        z.writestr(zi, "\n".join(record) + "\n", zipfile.ZIP_DEFLATED)
    print(wheel)


if __name__ == "__main__":
    main(*sys.argv[1:4])
