package org.xtalflow.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk record of reference jobs in a queue: taken up only for the same inputs, cluster and folder. */
class SubmittedReferencesTest {

    @TempDir
    Path tmp;

    private Path bundle(String name, String manifest) throws Exception {
        Path b = Files.createDirectories(tmp.resolve(name));
        Files.writeString(b.resolve("manifest.json"), manifest);
        return b;
    }

    @Test
    void aJobIsTakenUpOnlyForTheSameInputsOnTheSameCluster() throws Exception {
        Path records = tmp.resolve("submitted");
        SubmittedReferences here = new SubmittedReferences(records, "hpc", "/scratch/u/xtalflow/references");
        Path li = bundle("el-Li", "{\"candidate_id\": \"el-Li\", \"files\": {\"POSCAR\": \"ab12\"}}\n");
        assertThat(here.find("ref-el-Li", li)).isEmpty();

        here.put("ref-el-Li", li, "4711", "/scratch/u/xtalflow/references/el-Li-1764662400000");
        // a new runner (the application started again) reads the same record
        SubmittedReferences again = new SubmittedReferences(records, "hpc", "/scratch/u/xtalflow/references/");
        assertThat(again.find("ref-el-Li", li))
                .contains(new SubmittedReferences.Entry("4711", "/scratch/u/xtalflow/references/el-Li-1764662400000"));

        // another cluster's record, or one under another root, is not taken up
        assertThat(new SubmittedReferences(records, "other", "/scratch/u/xtalflow/references").find("ref-el-Li", li))
                .isEmpty();
        assertThat(new SubmittedReferences(records, "hpc", "/scratch/u/elsewhere").find("ref-el-Li", li))
                .isEmpty();
        // the bundle's inputs changed (other settings): submitted anew
        Files.writeString(
                li.resolve("manifest.json"), "{\"candidate_id\": \"el-Li\", \"files\": {\"POSCAR\": \"cd34\"}}\n");
        assertThat(again.find("ref-el-Li", li)).isEmpty();
        // no manifest: nothing matches
        Files.delete(li.resolve("manifest.json"));
        assertThat(again.find("ref-el-Li", li)).isEmpty();

        Path na = bundle("el-Na", "{\"candidate_id\": \"el-Na\"}\n");
        again.put("ref-el-Na", na, "12", "/scratch/u/xtalflow/references/el-Na-1");
        assertThat(again.find("ref-el-Na", na)).isPresent();
        again.remove("ref-el-Na");
        assertThat(again.find("ref-el-Na", na)).isEmpty();
        assertThat(Files.list(records).map(p -> p.getFileName().toString())).containsExactly("ref-el-Li.job");
    }

    @Test
    void aDamagedOrForgedRecordIsNotTakenUp() throws Exception {
        Path records = Files.createDirectories(tmp.resolve("submitted"));
        SubmittedReferences refs = new SubmittedReferences(records, "hpc", "/w/references");
        Path li = bundle("el-Li", "{}\n");
        refs.put("ref-el-Li", li, "99", "/w/references/el-Li-5");
        String good = Files.readString(records.resolve("ref-el-Li.job"));
        assertThat(refs.find("ref-el-Li", li)).isPresent();

        Files.writeString(
                records.resolve("ref-el-Li.job"), good.replace("/w/references/el-Li-5", "/w/references/../../etc"));
        assertThat(refs.find("ref-el-Li", li)).isEmpty();
        Files.writeString(
                records.resolve("ref-el-Li.job"),
                good.replace("/w/references/el-Li-5", "/w/references/x'; rm -rf ~; '"));
        assertThat(refs.find("ref-el-Li", li)).isEmpty();
        Files.writeString(records.resolve("ref-el-Li.job"), good.replace("job_id=99", "job_id=99;scancel -u me"));
        assertThat(refs.find("ref-el-Li", li)).isEmpty();
        Files.writeString(records.resolve("ref-el-Li.job"), "job_id=\\u12");
        assertThat(refs.find("ref-el-Li", li)).isEmpty(); // a malformed escape: a warning, no record
        Files.delete(records.resolve("ref-el-Li.job"));
        Files.createSymbolicLink(records.resolve("ref-el-Li.job"), tmp.resolve("elsewhere.job"));
        Files.writeString(tmp.resolve("elsewhere.job"), good);
        assertThat(refs.find("ref-el-Li", li)).isEmpty(); // a symlink is not followed
    }
}
