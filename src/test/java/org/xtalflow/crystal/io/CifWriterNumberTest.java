package org.xtalflow.crystal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CifWriter's numbers are exactly what {@code String.format(Locale.ROOT, "%.8f", v)} wrote before. */
class CifWriterNumberTest {

    @Test
    void eightDecimalsAsFormatterWritesThem() {
        SplittableRandom rnd = new SplittableRandom(17);
        for (int i = 0; i < 300_000; i++) {
            double v = switch (i % 6) {
                case 0 -> rnd.nextDouble(); // fractional coordinates
                case 1 -> rnd.nextInt(100) / 100.0 + rnd.nextInt(10) * 1e-9; // generated ones, near ties
                case 2 -> rnd.nextDouble() * 50; // lattice lengths, angles
                case 3 -> rnd.nextDouble() * 1e5; // volumes
                case 4 -> (rnd.nextInt(2_000_000) - 1_000_000) / 1e8 + rnd.nextInt(3) * 5e-9; // ties at 1e-8
                default -> Double.longBitsToDouble(rnd.nextLong()); // any double
            };
            String expected = Math.abs(v) < 5e-9 ? "0.00000000" : String.format(Locale.ROOT, "%.8f", v);
            assertThat(CifWriter.fmt(v)).as("%s", v).isEqualTo(expected);
        }
        for (double v : new double[] {0.0, -0.0, 4.9e-9, -4.9e-9, 5e-9, -5e-9, 0.125, 1.005, 0.999999995, 1e22}) {
            String expected = Math.abs(v) < 5e-9 ? "0.00000000" : String.format(Locale.ROOT, "%.8f", v);
            assertThat(CifWriter.fmt(v)).as("%s", v).isEqualTo(expected);
        }
        assertThat(CifWriter.fmt(Double.NaN)).isEqualTo("NaN");
    }
}
