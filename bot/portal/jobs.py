""" "Validate and train" from the portal: a background job with visible progress.

Steps: data validation, training, the test stories of both languages, then the Rasa server
is told (through its token-protected HTTP API) to load the new model. A failing step stops
the job and changes nothing that runs: the server keeps its current model.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from bot.config import Settings
from bot.rasa_client import api_jwt

log = logging.getLogger(__name__)
STEPS = ("validate", "train", "test", "load")
LOG_TAIL = 4000


@dataclass
class Job:
    """One run: each step's state (waiting, running, ok, failed) and output."""

    started: float = field(default_factory=time.time)
    steps: dict[str, str] = field(default_factory=lambda: {s: "waiting" for s in STEPS})
    output: dict[str, str] = field(default_factory=dict)
    model: str | None = None
    finished: bool = False

    @property
    def ok(self) -> bool:
        """All steps succeeded."""
        return self.finished and all(v == "ok" for v in self.steps.values())


class TrainingJobs:
    """At most one job at a time, per web app process."""

    def __init__(self, root: Path, settings: Settings) -> None:
        """Run in project ``root`` with ``settings``."""
        self.root = root
        self.settings = settings
        self.model_dir = root / "models"
        self._job: Job | None = None
        self._task: asyncio.Task[None] | None = None

    def current(self) -> Job | None:
        """The running or last job."""
        return self._job

    def start(self) -> Job:
        """Start a job unless one is running."""
        if self._job is not None and not self._job.finished:
            return self._job
        self._job = Job()
        self._task = asyncio.get_running_loop().create_task(self._run(self._job))
        return self._job

    async def wait(self) -> None:
        """Wait for the running job (tests, shutdown)."""
        if self._task is not None:
            await self._task

    async def _command(self, job: Job, step: str, *args: str) -> bool:
        from bot.cli import rasa_env

        job.steps[step] = "running"
        env = rasa_env(self.settings)
        env.update(PROJECT_DIR=str(self.root), MODEL_DIR=str(self.model_dir))
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            *args,
            cwd=self.root,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        out, _ = await proc.communicate()
        text = out.decode(errors="replace")
        job.output[step] = text[-LOG_TAIL:]
        job.steps[step] = "ok" if proc.returncode == 0 else "failed"
        return proc.returncode == 0

    async def _run(self, job: Job) -> None:
        try:
            if not await self._command(job, "validate", "validate"):
                return
            before = set(self.model_dir.glob("*.tar.gz"))
            if not await self._command(job, "train", "train"):
                return
            new = sorted(
                set(self.model_dir.glob("*.tar.gz")) - before, key=lambda p: p.stat().st_mtime
            )
            if not new:
                job.steps["train"] = "failed"
                job.output["train"] += "\nno new model was written"
                return
            job.model = str(new[-1].resolve())  # Rasa loads real paths only
            if not await self._command(job, "test", "test-stories", "--model", job.model):
                return
            await self._load(job)
        except Exception as exc:
            log.exception("training job failed")
            running = next((s for s, v in job.steps.items() if v == "running"), "load")
            job.steps[running] = "failed"
            job.output[running] = f"{exc.__class__.__name__}: {exc}"
        finally:
            job.finished = True

    async def _load(self, job: Job) -> None:
        """Every Rasa server (RASA_URLS) loads the new model."""
        job.steps["load"] = "running"
        lines, ok = [], True
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=300)) as session:
            for base in self.settings.rasa_urls:
                async with session.put(
                    f"{base}/model",
                    headers={"Authorization": f"Bearer {api_jwt(self.settings.rasa_token)}"},
                    json={"model_file": job.model},
                ) as response:
                    body = await response.text()
                    lines.append(f"{base}: HTTP {response.status} {body[:300]}")
                    ok = ok and response.status == 204
        job.output["load"] = "\n".join(lines)
        job.steps["load"] = "ok" if ok else "failed"
