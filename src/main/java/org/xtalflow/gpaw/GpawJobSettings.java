package org.xtalflow.gpaw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One job's resolved GPAW settings (the input set applied to one structure): what
 * {@code gpaw-settings.json} holds and the job driver reads. Written with sorted keys so equal
 * settings have equal bytes.
 *
 * @param natoms sites of the structure the settings were made for (its k-mesh was chosen for that cell)
 * @param mesh   Γ-centred k-point divisions
 */
public record GpawJobSettings(
        String inputSet, String settingsHash, int natoms, int[] mesh, boolean spinPolarised, ObjectNode json) {

    public static final String FILE_NAME = "gpaw-settings.json";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public GpawJobSettings {
        mesh = mesh.clone();
        json = json.deepCopy();
    }

    @Override
    public int[] mesh() {
        return mesh.clone();
    }

    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    public byte[] toJson() {
        try {
            Object sorted = JSON.treeToValue(json, Object.class);
            return (JSON.writeValueAsString(sorted).replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
