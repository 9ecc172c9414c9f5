# Writes the engine's exported seed CNN (model.safetensors: conv1, conv2, fc) as the PyTorch state dict of
# shared/reference/common.py's seed_cnn() (nn.Sequential indices 0, 3, 8), for w6_scg_ccg.py to load via W1_CKPT.
# Usage: /usr/bin/python3 seed_cnn_state_dict.py MODEL.safetensors OUT.pt   (the model must not standardise inputs)
import json
import struct
import sys

import numpy as np
import torch

source, target = sys.argv[1:3]
with open(source, "rb") as f:
    size = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(size))
    blob = f.read()
rename = {"conv1": "0", "conv2": "3", "fc": "8"}
state = {}
for name, entry in header.items():
    if name == "__metadata__":
        continue
    start, end = entry["data_offsets"]
    values = torch.from_numpy(np.frombuffer(blob[start:end], dtype=np.float32).reshape(entry["shape"]).copy())
    module, _, field = name.partition(".")
    if module in rename:
        state[rename[module] + "." + field] = values
    elif name == "input_mean" and values.abs().max() > 0 or name == "input_std" and (values - 1).abs().max() > 0:
        raise SystemExit(f"{source} standardises its input; seed_cnn() does not")
torch.save(state, target)
print(json.dumps({"written": target, "tensors": len(state)}))
