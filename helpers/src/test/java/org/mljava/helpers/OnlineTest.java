package org.mljava.helpers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

class OnlineTest {

    /** The build runs tests with -Dmljava.offline=true; these tests need it unset, and give it back afterwards. */
    private String saved;

    @BeforeEach
    void goOnline() {
        saved = System.getProperty("mljava.offline");
        System.clearProperty("mljava.offline");
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty("mljava.offline");
        } else {
            System.setProperty("mljava.offline", saved);
        }
    }

    @Test
    void answeringServerIsAvailableUntilForcedOffline() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/model";
            assertTrue(Online.available(url, Duration.ofSeconds(2)), "any HTTP answer counts");
            System.setProperty("mljava.offline", "true");
            assertFalse(Online.available(url, Duration.ofSeconds(2)));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void closedPortAndBadUrlAreNotAvailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertFalse(Online.available("http://127.0.0.1:" + port + "/", Duration.ofSeconds(1)));
        assertFalse(Online.available("not a url", Duration.ofSeconds(1)));
    }
}
