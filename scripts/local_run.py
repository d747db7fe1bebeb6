"""`make run`: moto's server as local AWS, resources from infra/, API via `chalice local`, and the worker.

Prints the URL when ready; Ctrl-C (or SIGTERM, SIGHUP, or the end of this process by any signal: the children
get PR_SET_PDEATHSIG) stops everything it started.  State survives a restart through moto's own recorder:
every request is appended to ``.salur-local/moto-recording.jsonl`` and replayed at the next start (reads are
dropped from the file first); ``make run FRESH=1`` starts empty.  A second run on a busy port stops at once
with a message and leaves the first run and its ``.salur-local.env`` alone.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

from scripts.local_state import STATE_DIR, compact_recording, port_free, saved_moto_port

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV_BIN = os.path.dirname(sys.executable)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


#: the desk's demo accounts seeded by the last ``start`` (email, role, agency, unit, password, TOTP key)
DEMO_ACCOUNTS: list[dict] = []
MOTO_SEED = 1708


def _die_with_parent() -> None:
    """In the child: SIGTERM when the parent ends, however it ends (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - not Linux: Ctrl-C and SIGTERM still stop the children in order
        pass


def _post(url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST"), timeout=600).read()


def start(port: int | None = None, moto_port: int | None = None, quiet: bool = False, api_log: str | None = None,
          state_dir: str | None = None):
    """Start moto, bootstrap, chalice local and the worker; return (url, stop_fn, env, worker).

    ``api_log``: a file for the API's own output (its access log), e.g. for tests to read.
    ``state_dir``: keep local AWS state there (moto's recorder) and replay it at start; None: nothing kept."""
    port = port or int(os.environ.get("PORT", "8000"))
    recording = os.path.join(state_dir, "moto-recording.jsonl") if state_dir else None
    moto_port = moto_port or (saved_moto_port(state_dir) if state_dir else None) or free_port()
    out = open(api_log, "ab") if api_log else (subprocess.DEVNULL if quiet else None)  # noqa: SIM115
    env = dict(os.environ, AWS_ACCESS_KEY_ID="local", AWS_SECRET_ACCESS_KEY="local", AWS_DEFAULT_REGION="ap-southeast-3",
               AWS_REGION="ap-southeast-3", AWS_ENDPOINT_URL=f"http://127.0.0.1:{moto_port}", SALUR_STAGE="local",
               PYTHONPATH=os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH")) if p),
               POWERTOOLS_TRACE_DISABLED="true",
               SALUR_PUBLIC_URL=f"http://127.0.0.1:{port}")  # links in notifications land on this run's pages
    procs: list[subprocess.Popen] = []
    # Children get their own session: Ctrl-C reaches only this process, which stops them in order
    # (worker, API, then local AWS) instead of local AWS vanishing under a still-running worker.
    moto_env = dict(env, MOTO_RECORDER_FILEPATH=recording) if recording else env
    procs.append(subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(moto_port)],
                                  env=moto_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True, preexec_fn=_die_with_parent))
    try:
        moto_url = f"http://127.0.0.1:{moto_port}"
        wait_http(f"{moto_url}/moto-api/")
        restored = False
        if recording:
            with open(os.path.join(state_dir, "moto.port"), "w", encoding="utf-8") as fh:
                fh.write(str(moto_port))
            # moto's random ids from a fixed seed: the replayed stack gets the same table and queue names
            _post(f"{moto_url}/moto-api/seed?a={MOTO_SEED}")
            if compact_recording(recording):
                _post(f"{moto_url}/moto-api/recorder/replay-recording")  # the last run's state, request by request
                restored = True
            _post(f"{moto_url}/moto-api/recorder/start-recording")
        os.environ.update(env)
        sys.path.insert(0, ROOT)
        from chalicelib.adapters import aws_clients
        from infra.bootstrap import bootstrap

        aws_clients.reset()
        env.update(bootstrap(seed=not restored))
        os.environ.update(env)
        from chalicelib.services import staff_accounts

        # local only (refuses in any deployed stage); a restored run already holds them: the rows printed at their
        # creation (TOTP keys included) are kept beside the recording
        demo_file = os.path.join(STATE_DIR, "demo-accounts.json")
        if restored and os.path.exists(demo_file):
            with open(demo_file, encoding="utf-8") as fh:
                DEMO_ACCOUNTS[:] = json.load(fh)
        else:
            DEMO_ACCOUNTS[:] = staff_accounts.seed_demo()
            os.makedirs(STATE_DIR, exist_ok=True)
            with open(demo_file, "w", encoding="utf-8") as fh:
                json.dump(DEMO_ACCOUNTS, fh)
        # `chalice local` with its gateway edges made to answer as the deployed gateway (scripts/chalice_local.py)
        procs.append(subprocess.Popen([sys.executable, "-m", "scripts.chalice_local", "local", "--no-autoreload",
                                       "--host", "127.0.0.1", "--port", str(port), "--stage", "local"],
                                      cwd=ROOT, env=env, stdout=out, stderr=out, start_new_session=True,
                                      preexec_fn=_die_with_parent))
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/v1/health")
        import app as app_module
        from scripts.worker import Worker

        worker = Worker(app_module)
        thread = threading.Thread(target=worker.run, daemon=True, name="salur-worker")
        thread.start()
    except BaseException:
        for p in procs:
            p.terminate()
        raise

    def stop() -> None:
        worker.stop.set()
        thread.join(timeout=10)
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        if api_log:
            out.close()

    return url, stop, env, worker


def sign_in_help(url: str, demo: list[dict]) -> str:
    """How to sign in to the desk on this run: the seeded demo accounts (local only)."""
    lines = [f"Officers' desk: {url}/meja/masuk  (demo accounts, this local run only; password for all: "
             f"{demo[0]['password']})"]
    for row in demo:
        where = row["unit_id"] or row["agency_id"]
        extra = f"  TOTP key {row['totp_secret']} (locally any 6 digits pass)" if row.get("totp_secret") else ""
        lines.append(f"  {row['role']:<11} {where:<26} {row['email']}{extra}")
    return "\n".join(lines)


ENV_FILE = os.environ.get("SALUR_LOCAL_ENV_FILE") or os.path.join(ROOT, ".salur-local.env")
ENV_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ENDPOINT_URL",
            "SALUR_STAGE")


def write_env_file(env: dict) -> None:
    """Let ops commands (`make issue-key`, `make stats-reconcile`) reach this run's local AWS."""
    from infra.bootstrap import OUTPUT_ENV

    keys = ENV_KEYS + tuple(OUTPUT_ENV.values())
    with open(ENV_FILE, "w", encoding="utf-8") as fh:
        fh.writelines(f"{k}={env[k]}\n" for k in keys if env.get(k))


def main() -> int:
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C works even if started with SIGINT ignored
    port = int(os.environ.get("PORT", "8000"))
    if not port_free(port):  # before anything: the run on that port and its .salur-local.env stay as they are
        print(f"Port {port} is already in use (another `make run`?). Stop it, or pick another port: "
              f"PORT={port + 1} make run", file=sys.stderr)
        return 2
    state_dir = STATE_DIR
    os.makedirs(state_dir, exist_ok=True)
    if os.environ.get("FRESH") not in (None, "", "0"):
        for name in ("moto-recording.jsonl", "moto.port"):
            if os.path.exists(os.path.join(state_dir, name)):
                os.remove(os.path.join(state_dir, name))
    url, stop, env, _worker = start(port=port, state_dir=state_dir)
    write_env_file(env)
    print(f"\nSalur is running at {url}/  (home page; file a report at {url}/lapor)\n"
          f"  API: {url}/v1/health  docs: {url}/openapi.json\n{sign_in_help(url, DEMO_ACCOUNTS)}\n"
          f"  State is kept in .salur-local/ (start empty: make run FRESH=1); watch it: make outbox, "
          f"make sweep AT=2026-12-20T09:00+07:00\nPress Ctrl-C to stop.\n", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGHUP, lambda *_: done.set())  # the terminal closed
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop()
        if os.path.exists(ENV_FILE):
            os.remove(ENV_FILE)
        print("Salur stopped.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
