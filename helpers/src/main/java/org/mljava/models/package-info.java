/**
 * Pretrained models for the notebooks: {@link org.mljava.models.Models} (the MiniLM sentence encoder,
 * int8 and fp32, its tokenizer, GPT-2's BPE vocabulary: all from the local cache),
 * {@link org.mljava.models.SentenceEncoder} and its ONNX Runtime implementation, and
 * {@link org.mljava.models.HuggingFaceHub} for checkpoints that only the network has (pinned
 * revision, ETag-checked). The trainable transformers built on them are in {@code org.mljava.transformers}.
 */
package org.mljava.models;
