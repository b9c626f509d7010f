"""`pycd watch --format json` as the benchmarks drive it: started, its events read as they come (each stamped with
time.monotonic() as "_t"), waited on, stopped. Standard library only; imported by watch/ and store/."""
import json, subprocess, threading, time


class WatchEvents:
    def __init__(self, args, **popen):
        self.t0 = time.monotonic()
        self.ready_at = None
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **popen)
        self.events, self.cond = [], threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.p.stdout:
            e = json.loads(line)
            e["_t"] = time.monotonic()
            with self.cond:
                if e["event"] == "ready":
                    self.ready_at = e["_t"]
                self.events.append(e)
                self.cond.notify_all()

    def wait(self, pred, timeout=300):
        with self.cond:
            if not self.cond.wait_for(lambda: pred(self.events), timeout):
                raise SystemExit("timed out waiting for pycd watch")

    def stop(self):
        self.p.terminate()
        return self.p.wait(60)
