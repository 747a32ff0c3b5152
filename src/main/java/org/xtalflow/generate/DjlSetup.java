package org.xtalflow.generate;

/** DJL must never try the network: the engine's native libraries come from the bundled jar. */
public final class DjlSetup {
    private DjlSetup() {}

    public static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("offline") == null) {
            System.setProperty("offline", "true");
        }
    }
}
