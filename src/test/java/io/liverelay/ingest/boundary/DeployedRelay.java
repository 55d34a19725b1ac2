package io.liverelay.ingest.boundary;

import io.liverelay.testsupport.FfmpegProcesses;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every integration test of the plain WAR shares: the built WAR deployed as it is, its base URL, and the
 * rule that no ffmpeg of the server is left after a test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedRelay {

    @ArquillianResource
    protected URL base;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return RelayDeployment.war();
    }

    @AfterEach
    void noFfmpegLeft() {
        FfmpegProcesses.awaitNone(Duration.ofSeconds(15));
    }
}
