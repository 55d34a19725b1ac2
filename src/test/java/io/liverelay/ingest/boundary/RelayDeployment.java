package io.liverelay.ingest.boundary;

import io.liverelay.testsupport.Fixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.URL;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, deployed as it is: integration tests exercise exactly what users deploy. */
public final class RelayDeployment {

    private RelayDeployment() {
    }

    public static WebArchive war() {
        File war = new File("target/relay.war");
        if (!war.isFile()) {
            throw new IllegalStateException("target/relay.war is missing: run the integration tests with 'mvn verify'");
        }
        return ShrinkWrap.create(ZipImporter.class, "relay.war").importFrom(war).as(WebArchive.class);
    }

    /**
     * ws://127.0.0.1:port/context/stream for the deployment's base URL. Payara Micro names the machine's own
     * address in that URL; tests talk to loopback only, and the server listens there too.
     */
    public static URI streamUri(URL base) {
        String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
        return URI.create("ws://127.0.0.1:" + base.getPort() + path + "stream");
    }

    /** A start's settings for {@code fixture}, as the JS client sends them for such a recording. */
    public static JsonObject startConfig(String rtmp, Fixture fixture, int videoBitsPerSecond) {
        return Json.createObjectBuilder()
                .add("rtmp", rtmp)
                .add("mimeType", fixture.mimeType())
                .add("framerate", fixture.fps())
                .add("audioSampleRate", 44100)
                .add("audioBitsPerSecond", 128000)
                .add("videoBitsPerSecond", videoBitsPerSecond)
                .build();
    }
}
