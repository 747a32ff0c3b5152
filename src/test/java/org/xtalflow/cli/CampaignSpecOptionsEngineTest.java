package org.xtalflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.camel.AppFixture;
import org.xtalflow.campaign.AppSettings;
import org.xtalflow.campaign.CampaignSpec;
import picocli.CommandLine;

/** {@code run --once --engine gpaw --input-set test --elements ...} as the campaign spec it makes. */
class CampaignSpecOptionsEngineTest {

    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        CampaignSpecOptions campaign = new CampaignSpecOptions();
    }

    private static CampaignSpec parse(AppSettings settings, String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.campaign.toSpecOrUsageError(settings);
    }

    @Test
    void engineAndInputSetReachTheSpec(@TempDir Path root) throws Exception {
        AppSettings settings = AppFixture.settings(root, "");
        CampaignSpec s = parse(settings, "--elements", "Li,Na,Al", "--engine", "GPAW", "--input-set", "test");
        assertThat(s.engine()).isEqualTo("gpaw");
        assertThat(s.inputSet()).isEqualTo("test");
        CampaignSpec plain = parse(settings, "--elements", "Li,Na,Al");
        assertThat(plain.engine()).isNull(); // the cluster profile's, else VASP
        assertThat(plain.inputSet()).isEqualTo("MPRelaxSet");
        assertThatThrownBy(() -> parse(settings, "--elements", "Li,Na,Al", "--engine", "qe"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown DFT engine 'qe'");
    }
}
