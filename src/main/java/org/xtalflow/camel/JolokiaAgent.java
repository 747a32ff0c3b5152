package org.xtalflow.camel;

import java.io.IOException;
import java.util.Map;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.server.core.service.api.LogHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's MBeans over HTTP (Jolokia 2, the JVM agent's server started in-process), so
 * that Hawtio and {@code curl} read them: {@code application.jolokia} in conf/xtalflow.yaml. It
 * listens on 127.0.0.1 only and answers read, list, search and version requests only (the policy
 * {@code /xtalflow/jolokia-access.xml}): writes and operations (pause, resume, retryFailed) stay
 * on local JMX, like the status page it changes nothing.
 */
final class JolokiaAgent implements AutoCloseable {

    /** The read-only policy on the class path. */
    static final String POLICY = "classpath:/xtalflow/jolokia-access.xml";

    private final JolokiaServer server;

    private JolokiaAgent(JolokiaServer server) {
        this.server = server;
    }

    /** Starts the agent on 127.0.0.1:{@code port} (0: any free port). */
    static JolokiaAgent start(int port) throws IOException {
        JolokiaServerConfig config = new JolokiaServerConfig(Map.of(
                "host", "127.0.0.1",
                "port", String.valueOf(port),
                "policyLocation", POLICY,
                "discoveryEnabled", "false",
                "agentId", "xtalflow"));
        JolokiaServer s = new JolokiaServer(config, new Slf4jLog());
        s.start(false);
        return new JolokiaAgent(s);
    }

    /** The agent's base URL, e.g. http://127.0.0.1:8778/jolokia/. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jolokia/";
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Jolokia's own lines go to the log file like every library's (its default prints to stdout). */
    private static final class Slf4jLog implements LogHandler {
        private static final Logger LOG = LoggerFactory.getLogger("org.jolokia");

        @Override
        public void debug(String message) {
            LOG.debug(message);
        }

        @Override
        public void info(String message) {
            LOG.info(message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.error(message, t);
        }

        @Override
        public boolean isDebug() {
            return LOG.isDebugEnabled();
        }
    }
}
