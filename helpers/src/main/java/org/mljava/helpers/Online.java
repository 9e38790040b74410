package org.mljava.helpers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.mljava.net.HttpClients;

/**
 * Whether a host on the internet can be reached right now, so that a notebook can run its online
 * part (a pretrained model from the hub, a canonical data set) and otherwise explain what it skips.
 * {@code MLJAVA_OFFLINE=1} (1/true/yes/on, see {@link org.mljava.net.Settings}) always answers no. Proxies
 * come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY through the same client the data downloads use
 * ({@link org.mljava.net.HttpClients}).
 */
public final class Online {

    private Online() {
    }

    /** True when the offline switch is set (MLJAVA_OFFLINE or -Dmljava.offline: 1/true/yes/on). */
    public static boolean forcedOffline() {
        return org.mljava.net.Settings.current().offline();
    }

    /** Does {@code url} answer (any HTTP status) within the timeout? Never throws. */
    public static boolean available(String url, Duration timeout) {
        if (forcedOffline()) {
            return false;
        }
        try (HttpClient client = HttpClients.create(timeout)) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #available(String, Duration)} with a 3-second timeout. */
    public static boolean available(String url) {
        return available(url, Duration.ofSeconds(3));
    }
}
