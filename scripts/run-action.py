#!/usr/bin/env python3
"""Runs the shell steps of a composite GitHub Action (action.yml) as a runner would.

Usage: run-action.py ACTION_DIR WORKDIR [INPUT=VALUE ...]

Each `run:` step runs with `bash --noprofile --norc -eo pipefail` in WORKDIR, with its `env:`,
GITHUB_OUTPUT (a fresh file per step, whose `key=value` lines become the step's outputs),
GITHUB_STEP_SUMMARY and GITHUB_ACTION_PATH. `${{ ... }}` expressions may name inputs (their
defaults unless given), `github.action_path` and earlier steps' outputs; anything else is an
error, so that the action cannot come to depend on what this runner does not emulate. `uses:`
steps (the SARIF upload) are reported and skipped. Exits with the first failing step's code.
Needs PyYAML (pre-commit depends on it).
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def main():
    action_dir, workdir, *pairs = sys.argv[1:]
    action_dir = os.path.abspath(action_dir)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    assert action["runs"]["using"] == "composite", "not a composite action"
    inputs = {k: str(v.get("default", "")) for k, v in action.get("inputs", {}).items()}
    for pair in pairs:
        key, _, value = pair.partition("=")
        if key not in inputs:
            sys.exit(f"unknown input `{key}`")
        inputs[key] = value
    steps = {}
    tmp = tempfile.mkdtemp()
    summary = os.path.join(tmp, "summary.md")

    def expand(text):
        def one(m):
            expr = m.group(1)
            if expr.startswith("inputs."):
                return inputs[expr[len("inputs."):]]
            if expr == "github.action_path":
                return action_dir
            m2 = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            if m2:
                return steps.get(m2.group(1), {}).get(m2.group(2), "")
            raise SystemExit(f"expression not emulated: ${{{{ {expr} }}}}")
        return EXPR.sub(one, str(text))

    for n, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {n}")
        if "uses" in step:
            print(f"== skipped `{name}`: uses {step['uses']} (not a shell step)", flush=True)
            continue
        if "if" in step:
            raise SystemExit(f"`if:` on a shell step is not emulated: {name}")
        assert step.get("shell") == "bash", f"{name}: only bash steps are emulated"
        output = os.path.join(tmp, f"output-{n}")
        open(output, "w").close()
        env = dict(os.environ)
        env.update({k: expand(v) for k, v in step.get("env", {}).items()})
        env.update(GITHUB_OUTPUT=output, GITHUB_STEP_SUMMARY=summary, GITHUB_ACTION_PATH=action_dir)
        script = os.path.join(tmp, f"step-{n}.sh")
        with open(script, "w", encoding="utf-8") as f:
            f.write(expand(step["run"]))
        print(f"== {name}", flush=True)
        code = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env)
        with open(output, encoding="utf-8") as f:
            outs = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        if "id" in step:
            steps[step["id"]] = outs
        if code != 0:
            print(f"== `{name}` failed with exit code {code}", flush=True)
            sys.exit(code)
    if os.path.exists(summary):
        print("== job summary:\n" + open(summary, encoding="utf-8").read())
    sys.exit(0)


if __name__ == "__main__":
    main()
