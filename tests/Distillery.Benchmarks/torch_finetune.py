"""The PyTorch peer of Distillery's `finetune` student.

Reads one task as JSON on stdin: the encoder's ONNX file, token ids already cut and made by
Distillery's tokenizer (so both sides train on identical inputs), training targets as
per-label probabilities (one-hot for hard labels), test token ids and the settings. Builds the
same BERT (MiniLM: 6 layers, width 384, 12 heads, dropout 0.1 where BERT has it) with the ONNX
file's weights, a linear head on mean pooling, AdamW (weight decay 0.01) with 10 % linear
warm-up and linear decay stepped as Distillery's, gradients clipped to norm 1, cross-entropy
against the targets, and writes JSON with the test probabilities and the wall time of each epoch.
Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx, libopenblas0-pthread).
"""
import json
import math
import sys
import time

import onnx
import torch
from onnx import numpy_helper


def onnx_weights(path):
    """The encoder's weights by PyTorch name. The MatMul weights are unnamed (numbers) and
    stored transposed ([in, out]); each one's MatMul output feeds an Add with a named `.bias`."""
    graph = onnx.load(path).graph
    tensors = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
    weights = {name: tensor for name, tensor in tensors.items() if "." in name}
    adds = {}
    for node in graph.node:
        if node.op_type == "Add":
            for name in node.input:
                adds.setdefault(name, []).append(node)
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in tensors or node.input[1] in weights:
            continue
        for add in adds.get(node.output[0], []):
            bias = next((name for name in add.input if name.endswith(".bias")), None)
            if bias is not None:
                weights[bias[: -len(".bias")] + ".weight"] = tensors[node.input[1]].t().contiguous()
    return weights


class Layer(torch.nn.Module):
    def __init__(self, width, heads, inner):
        super().__init__()
        self.heads = heads
        self.query = torch.nn.Linear(width, width)
        self.key = torch.nn.Linear(width, width)
        self.value = torch.nn.Linear(width, width)
        self.attention_output = torch.nn.Linear(width, width)
        self.attention_norm = torch.nn.LayerNorm(width, eps=1e-12)
        self.intermediate = torch.nn.Linear(width, inner)
        self.output = torch.nn.Linear(inner, width)
        self.output_norm = torch.nn.LayerNorm(width, eps=1e-12)
        self.dropout = torch.nn.Dropout(0.1)

    def forward(self, x, mask_bias):
        batch, length, width = x.shape
        size = width // self.heads

        def split(t):
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        scores = split(self.query(x)) @ split(self.key(x)).transpose(-1, -2) / math.sqrt(size) + mask_bias
        context = (self.dropout(scores.softmax(-1)) @ split(self.value(x))).transpose(1, 2).reshape(batch, length, width)
        x = self.attention_norm(x + self.dropout(self.attention_output(context)))
        return self.output_norm(x + self.dropout(self.output(torch.nn.functional.gelu(self.intermediate(x)))))


class Student(torch.nn.Module):
    def __init__(self, weights, classes, layers=6, heads=12):
        super().__init__()
        vocabulary, width = weights["embeddings.word_embeddings.weight"].shape
        inner = weights["encoder.layer.0.intermediate.dense.bias"].shape[0]
        self.words = torch.nn.Embedding(vocabulary, width)
        self.positions = torch.nn.Embedding(weights["embeddings.position_embeddings.weight"].shape[0], width)
        self.types = torch.nn.Embedding(2, width)
        self.norm = torch.nn.LayerNorm(width, eps=1e-12)
        self.dropout = torch.nn.Dropout(0.1)
        self.layers = torch.nn.ModuleList(Layer(width, heads, inner) for _ in range(layers))
        self.head = torch.nn.Linear(width, classes)
        with torch.no_grad():
            self.words.weight.copy_(weights["embeddings.word_embeddings.weight"])
            self.positions.weight.copy_(weights["embeddings.position_embeddings.weight"])
            self.types.weight.copy_(weights["embeddings.token_type_embeddings.weight"])
            self.norm.weight.copy_(weights["embeddings.LayerNorm.weight"])
            self.norm.bias.copy_(weights["embeddings.LayerNorm.bias"])
            names = {
                "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
                "attention_output": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
                "intermediate": "intermediate.dense", "output": "output.dense", "output_norm": "output.LayerNorm",
            }
            for i, layer in enumerate(self.layers):
                for ours, theirs in names.items():
                    module = getattr(layer, ours)
                    module.weight.copy_(weights[f"encoder.layer.{i}.{theirs}.weight"])
                    module.bias.copy_(weights[f"encoder.layer.{i}.{theirs}.bias"])

    def forward(self, ids, mask):
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.dropout(self.norm(self.words(ids) + self.positions(positions) + self.types(torch.zeros_like(ids))))
        mask_bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        for layer in self.layers:
            x = layer(x, mask_bias)
        weights = mask.unsqueeze(-1).float()
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
        return self.head(pooled)


def pad(rows):
    length = max(len(row) for row in rows)
    ids = torch.zeros(len(rows), length, dtype=torch.long)
    mask = torch.zeros(len(rows), length, dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask


def main():
    task = json.load(sys.stdin)
    s = task["settings"]
    torch.set_num_threads(s["threads"])
    torch.manual_seed(s["seed"])
    targets = torch.tensor(task["train_targets"], dtype=torch.float32)
    model = Student(onnx_weights(task["onnx"]), targets.shape[1])
    for layer in model.layers[: s["freeze_layers"]]:
        layer.requires_grad_(False)
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=s["learning_rate"], weight_decay=0.01)
    rows = task["train_ids"]
    steps = s["epochs"] * math.ceil(len(rows) / s["batch_size"])
    warmup = math.ceil(0.1 * steps)

    def factor(step):  # step counts from 1, as in FinetuneStudent.Schedule
        return step / warmup if step <= warmup else max(0.0, (steps - step + 1) / (steps - warmup + 1))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda done: factor(done + 1))
    epoch_seconds = []
    generator = torch.Generator().manual_seed(s["seed"])
    for _ in range(s["epochs"]):
        started = time.perf_counter()
        model.train()
        for batch in torch.randperm(len(rows), generator=generator).split(s["batch_size"]):
            ids, mask = pad([rows[i] for i in batch])
            loss = -(targets[batch] * model(ids, mask).log_softmax(-1)).sum(-1).mean()
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            schedule.step()
        epoch_seconds.append(time.perf_counter() - started)

    model.eval()
    probabilities = []
    started = time.perf_counter()
    with torch.no_grad():
        test = task["test_ids"]
        for start in range(0, len(test), 64):
            ids, mask = pad(test[start: start + 64])
            probabilities.extend(model(ids, mask).softmax(-1).tolist())
    json.dump({"probabilities": probabilities, "epoch_seconds": epoch_seconds,
               "predict_seconds": time.perf_counter() - started}, sys.stdout)


if __name__ == "__main__":
    main()
