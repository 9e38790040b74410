package org.mljava.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reading config.json fields that models name differently (DistilBERT's "dim" is BERT's "hidden_size"). */
final class ConfigFields {

    /** Jackson, shared by the config and save/load code. */
    static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFields() {
    }

    /** A required integer field, with a message naming it. */
    static int requireInt(JsonNode json, String... names) {
        for (String name : names) {
            JsonNode v = json.get(name);
            if (v != null && v.canConvertToInt()) {
                return v.asInt();
            }
        }
        throw new IllegalArgumentException("config.json (model_type " + json.path("model_type").asText("?")
                + ") has no integer field " + String.join(" or ", names));
    }

    /** An optional integer field (first name found). */
    static int optInt(JsonNode json, int fallback, String... names) {
        for (String name : names) {
            JsonNode v = json.get(name);
            if (v != null && v.canConvertToInt()) {
                return v.asInt();
            }
        }
        return fallback;
    }

    /** An optional number field (first name found). */
    static float optFloat(JsonNode json, float fallback, String... names) {
        for (String name : names) {
            JsonNode v = json.get(name);
            if (v != null && v.isNumber()) {
                return (float) v.asDouble();
            }
        }
        return fallback;
    }

    /** An optional text field (first name found). */
    static String optText(JsonNode json, String fallback, String... names) {
        for (String name : names) {
            JsonNode v = json.get(name);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return fallback;
    }
}
