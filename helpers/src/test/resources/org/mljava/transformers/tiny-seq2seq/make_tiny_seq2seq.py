#!/usr/bin/python3
"""Writes the tiny encoder-decoder that OnnxSeq2SeqTest runs (see README.md in this folder).

A BART-shaped model with random weights: one encoder layer and one decoder layer (causal
self-attention, cross-attention, feed-forward), width 16, a 24-word vocabulary, exported to ONNX
with the input and output names of Hugging Face Optimum's encoder_model.onnx / decoder_model.onnx.
Its summaries are nonsense; the tests only need a real ONNX encoder-decoder whose next-token
logits depend on the document and on the summary so far.

Run from this folder with Debian's python3-torch:  /usr/bin/python3 make_tiny_seq2seq.py
It also prints the greedy continuation it computes itself (for the README).
"""
import json
import math

import torch
import torch.nn as nn

VOCAB = ["<s>", "<pad>", "</s>", "<unk>", "the", "cat", "sat", "on", "mat", "a", "dog", "ran", "in",
         "park", "and", "sun", "was", "warm", "bird", "sang", "tree", "old", "man", "walked"]
BOS, PAD, EOS, UNK = 0, 1, 2, 3
D, HEADS, FF, MAX_POS = 16, 2, 32, 64
SEED = 73
EOS_BIAS = 2.0   # nudges the decoder towards </s>, so that greedy decoding stops on its own
LM_SCALE = 4.0   # sharper next-token distributions
GENERATION = {"bos_token_id": BOS, "pad_token_id": PAD, "eos_token_id": EOS, "decoder_start_token_id": EOS,
              "forced_bos_token_id": BOS, "forced_eos_token_id": EOS, "num_beams": 3, "length_penalty": 2.0,
              "min_length": 4, "max_length": 16, "no_repeat_ngram_size": 2, "early_stopping": True}


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(D, D) for _ in range(4))

    def forward(self, x, memory, bias):
        b, t, _ = x.shape
        s = memory.shape[1]
        hd = D // HEADS
        q = self.q(x).view(b, t, HEADS, hd).transpose(1, 2)
        k = self.k(memory).view(b, s, HEADS, hd).transpose(1, 2)
        v = self.v(memory).view(b, s, HEADS, hd).transpose(1, 2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd) + bias
        out = torch.softmax(scores, dim=-1) @ v
        self.present = (k, v)   # what Optimum's export also returns as present.<layer>.<decoder|encoder>.<key|value>
        return self.o(out.transpose(1, 2).reshape(b, t, D))


class Block(nn.Module):
    def __init__(self, cross):
        super().__init__()
        self.self_attn, self.norm1 = Attention(), nn.LayerNorm(D)
        self.cross = Attention() if cross else None
        self.norm2 = nn.LayerNorm(D) if cross else None
        self.ff1, self.ff2, self.norm3 = nn.Linear(D, FF), nn.Linear(FF, D), nn.LayerNorm(D)

    def forward(self, x, self_bias, memory=None, cross_bias=None):
        x = self.norm1(x + self.self_attn(x, x, self_bias))
        if self.cross is not None:
            x = self.norm2(x + self.cross(x, memory, cross_bias))
        return self.norm3(x + self.ff2(torch.relu(self.ff1(x))))


class TinySeq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(len(VOCAB), D)
        self.enc_pos = nn.Embedding(MAX_POS, D)
        self.dec_pos = nn.Embedding(MAX_POS, D)
        self.encoder_layer = Block(cross=False)
        self.decoder_layer = Block(cross=True)
        self.lm_head = nn.Linear(D, len(VOCAB))   # not tied to the embeddings: a tied head mostly repeats the last token
        with torch.no_grad():
            self.lm_head.weight.mul_(LM_SCALE)
            self.lm_head.bias[EOS] += EOS_BIAS

    def encode(self, input_ids, attention_mask):
        t = input_ids.shape[1]
        x = self.embed(input_ids) + self.enc_pos(torch.arange(t).unsqueeze(0))
        bias = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * -1e9
        return self.encoder_layer(x, bias)

    def decode(self, input_ids, encoder_attention_mask, encoder_hidden_states):
        t = input_ids.shape[1]
        y = self.embed(input_ids) + self.dec_pos(torch.arange(t).unsqueeze(0))
        causal = torch.triu(torch.full((t, t), -1e9), diagonal=1)[None, None, :, :]
        cross = (1.0 - encoder_attention_mask[:, None, None, :].to(torch.float32)) * -1e9
        y = self.decoder_layer(y, causal, encoder_hidden_states, cross)
        return self.lm_head(y)


class EncoderExport(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        return self.model.encode(input_ids, attention_mask)


class DecoderExport(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, encoder_attention_mask, encoder_hidden_states):
        logits = self.model.decode(input_ids, encoder_attention_mask, encoder_hidden_states)
        layer = self.model.decoder_layer
        return (logits,) + layer.self_attn.present + layer.cross.present


def greedy(model, ids, steps):
    ids = torch.tensor([ids])
    mask = torch.ones_like(ids)
    memory = model.encode(ids, mask)
    out = [EOS]  # decoder_start_token_id
    for _ in range(steps):
        logits = model.decode(torch.tensor([out]), mask, memory)[0, -1]
        out.append(int(logits.argmax()))
        if out[-1] == EOS:
            break
    return out


def banned_ngrams(seq, n):
    """Tokens that would repeat an n-gram of seq."""
    if n <= 0 or len(seq) + 1 < n:
        return set()
    prefix = tuple(seq[len(seq) - n + 1:])
    return {seq[i + n - 1] for i in range(len(seq) - n + 1) if tuple(seq[i:i + n - 1]) == prefix}


def beam_search(model, ids, g):
    """A plain reference of Hugging Face's beam search (early stopping), for the Java test."""
    beams, V = g["num_beams"], len(VOCAB)
    ids = torch.tensor([ids])
    mask = torch.ones_like(ids)
    memory = model.encode(ids, mask)
    running = [([g["decoder_start_token_id"]], 0.0 if b == 0 else -1e9) for b in range(beams)]
    finished = []  # (normalized score, sum of log-probabilities, sequence)
    while len(running[0][0]) < g["max_length"]:
        cur = len(running[0][0])
        candidates = []
        for b, (seq, score) in enumerate(running):
            logp = torch.log_softmax(model.decode(torch.tensor([seq]), mask, memory)[0, -1].double(), -1).tolist()
            if cur < g["min_length"]:
                logp[EOS] = -math.inf
            for t in banned_ngrams(seq, g["no_repeat_ngram_size"]):
                logp[t] = -math.inf
            forced = g["forced_bos_token_id"] if cur == 1 else g["forced_eos_token_id"] if cur == g["max_length"] - 1 else None
            if forced is not None:
                logp = [-math.inf] * V
                logp[forced] = 0.0
            candidates += [(score + logp[t], b, t) for t in range(V) if logp[t] > -math.inf]
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        nxt = []
        for rank, (score, b, t) in enumerate(candidates[:2 * beams]):
            if t == EOS:
                if rank < beams:
                    finished.append((score / cur ** g["length_penalty"], score, running[b][0] + [t]))
                    finished = sorted(finished, reverse=True)[:beams]
            else:
                nxt.append((running[b][0] + [t], score))
            if len(nxt) == beams:
                break
        running = nxt
        if len(finished) >= beams or len(running) < beams:
            break
    else:
        for seq, score in running:
            finished.append((score / (len(seq) - 1) ** g["length_penalty"], score, seq))
    return max(finished)


def main():
    torch.manual_seed(SEED)
    model = TinySeq2Seq().eval()
    ids = torch.tensor([[BOS, 4, 5, 6, 7, 4, 8, EOS]])
    mask = torch.ones_like(ids)
    with torch.no_grad():
        torch.onnx.export(EncoderExport(model), (ids, mask), "encoder_model.onnx",
                          input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "encoder_sequence_length"},
                                        "attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
                                        "last_hidden_state": {0: "batch_size", 1: "encoder_sequence_length"}},
                          opset_version=14)
        memory = model.encode(ids, mask)
        dec_ids = torch.tensor([[EOS, BOS, 4]])
        torch.onnx.export(DecoderExport(model), (dec_ids, mask, memory), "decoder_model.onnx",
                          input_names=["input_ids", "encoder_attention_mask", "encoder_hidden_states"],
                          output_names=["logits", "present.0.decoder.key", "present.0.decoder.value",
                                        "present.0.encoder.key", "present.0.encoder.value"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "decoder_sequence_length"},
                                        "encoder_attention_mask": {0: "batch_size", 1: "encoder_sequence_length"},
                                        "encoder_hidden_states": {0: "batch_size", 1: "encoder_sequence_length"},
                                        "logits": {0: "batch_size", 1: "decoder_sequence_length"}},
                          opset_version=14)
        for text in ["the cat sat on the mat", "a dog ran in the park and the sun was warm"]:
            words = [BOS] + [VOCAB.index(w) for w in text.split()] + [EOS]
            print(text, "->", [VOCAB[i] for i in greedy(model, words, 20)])
        for text in ["the cat sat on the mat", "a dog ran in the park and the sun was warm"]:
            words = [BOS] + [VOCAB.index(w) for w in text.split()] + [EOS]
            norm, logp, seq = beam_search(model, words, GENERATION)
            print(text, "-> beam search with generation_config.json:", seq[1:], "log-probability %.6f, score %.6f" % (logp, norm))
    write_tokenizer()
    config = {"model_type": "tiny-seq2seq", "is_encoder_decoder": True, "vocab_size": len(VOCAB), "d_model": D,
              "encoder_layers": 1, "decoder_layers": 1, "max_position_embeddings": MAX_POS,
              "bos_token_id": BOS, "pad_token_id": PAD, "eos_token_id": EOS, "decoder_start_token_id": EOS,
              "forced_eos_token_id": EOS}
    generation = GENERATION
    with open("config.json", "w") as f:
        json.dump(config, f, indent=2)
    with open("generation_config.json", "w") as f:
        json.dump(generation, f, indent=2)


def write_tokenizer():
    special = {"<s>", "<pad>", "</s>", "<unk>"}
    added = [{"id": i, "content": w, "single_word": False, "lstrip": False, "rstrip": False, "normalized": False,
              "special": True} for i, w in enumerate(VOCAB) if w in special]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                    {"SpecialToken": {"id": "</s>", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 0}},
                                    {"SpecialToken": {"id": "</s>", "type_id": 0}}],
                           "special_tokens": {"<s>": {"id": "<s>", "ids": [BOS], "tokens": ["<s>"]},
                                              "</s>": {"id": "</s>", "ids": [EOS], "tokens": ["</s>"]}}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": {w: i for i, w in enumerate(VOCAB)}, "unk_token": "<unk>"},
    }
    with open("tokenizer.json", "w") as f:
        json.dump(tokenizer, f, indent=1)


if __name__ == "__main__":
    main()
