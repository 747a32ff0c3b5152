package org.xtalflow.campaign;

import java.util.ServiceLoader;

/**
 * The running application as the campaign side and the CLI see it: routes, queues, inbox,
 * nightly trigger and JMX behind one interface. The camel package provides it (found with
 * {@link ServiceLoader}), so that the CLI starts campaigns without knowing Camel.
 */
public interface CampaignEngine extends AutoCloseable {

    /** Makes an engine from the application settings (the camel package registers one). */
    interface Factory {
        /** @throws AppSettings.ConfigException on bad configuration (e.g. a bad thermo.references file) */
        CampaignEngine create(AppSettings settings);
    }

    /** The engine of this build for these settings, not yet started. */
    static CampaignEngine create(AppSettings settings) {
        Factory f = ServiceLoader.load(Factory.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no " + Factory.class.getName() + " on the class path (the camel package provides it)"));
        return f.create(settings);
    }

    /** Starts without blocking; resumes the store's unfinished campaigns. */
    CampaignEngine start();

    /** Runs until the JVM is told to stop (Ctrl-C, SIGTERM). */
    void runUntilStopped() throws Exception;

    /** Starts a campaign the way the inbox and the nightly trigger do; returns its id. */
    String startCampaign(CampaignSpec spec);

    CampaignService campaigns();

    @Override
    void close();
}
