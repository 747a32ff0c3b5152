package org.xtalflow.vasp.inputs;

import java.nio.file.Path;

final class InputSetsTestHelper {
    private InputSetsTestHelper() {}

    static VaspInputSet set(String file) {
        return new VaspInputSet(InputSetConfig.fromFile(Path.of(file)));
    }
}
