package org.xtalflow.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xtalflow.campaign.AppSettings;

/**
 * The MBeans over HTTP with the real Jolokia 2 agent from Maven Central (application.jolokia):
 * a plain HTTP client reads a cluster MBean's attribute as Hawtio or {@code curl} would; writes
 * and operations are refused by xtalflow's read-only policy; off by default.
 */
class JolokiaTest {

    @TempDir
    Path root;

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void readsTheMBeansOverHttpAndRefusesOperations() throws Exception {
        AppSettings s = AppFixture.settings(root, """
                nightly: {enabled: false}
                status_page: {enabled: false}
                jolokia: {enabled: true, port: 0}
                """);
        try (XtalflowApplication app = new XtalflowApplication(s).start()) {
            String url = app.jolokiaUrl();
            assertThat(url).startsWith("http://127.0.0.1:").endsWith("/jolokia/");
            JsonNode version = get(url + "version");
            assertThat(version.path("status").asInt()).isEqualTo(200);
            assertThat(version.path("value").path("agent").asText()).startsWith("2.");

            // the fixture's cluster, over HTTP as over local JMX
            String mbean = "org.xtalflow:type=Cluster,name=%22local-slurm%22";
            JsonNode read = get(url + "read/" + mbean + "/MaxQueuedJobs");
            assertThat(read.path("status").asInt()).as(read.toString()).isEqualTo(200);
            assertThat(read.path("value").asInt())
                    .isEqualTo(java.lang.management.ManagementFactory.getPlatformMBeanServer()
                            .getAttribute(ClusterMonitor.objectName("local-slurm"), "MaxQueuedJobs"));

            JsonNode exec = get(url + "exec/" + mbean + "/pause");
            assertThat(exec.path("status").asInt()).as(exec.toString()).isEqualTo(403);
            JsonNode write = get(url + "write/" + mbean + "/Paused/true");
            assertThat(write.path("status").asInt()).as(write.toString()).isEqualTo(403);
        }
    }

    @Test
    void offByDefault() throws Exception {
        AppSettings s = AppFixture.settings(root, "nightly: {enabled: false}\nstatus_page: {enabled: false}");
        try (XtalflowApplication app = new XtalflowApplication(s).start()) {
            assertThat(app.jolokiaUrl()).isNull();
        }
    }
}
