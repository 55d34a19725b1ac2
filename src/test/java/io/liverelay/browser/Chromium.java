package io.liverelay.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Headless Debian Chromium with a fake 30 fps camera and microphone that need no permission prompt, a fresh
 * profile, and nothing that phones home. The driver is Debian's chromedriver, named explicitly, so Selenium
 * Manager never runs and nothing is downloaded.
 */
final class Chromium implements AutoCloseable {

    static final String BROWSER = System.getProperty("relay.it.chromium", "/usr/bin/chromium");
    static final String DRIVER = System.getProperty("relay.it.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start() {
        for (String file : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: install the Debian packages chromium and "
                        + "chromium-driver (bin/test does)");
            }
        }
        // belt and braces: with the driver named, Selenium Manager is skipped; offline if it ever ran
        System.setProperty("webdriver.chrome.driver", DRIVER);
        System.setProperty("SE_OFFLINE", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream=fps=30", "--use-fake-ui-for-media-stream",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-default-apps", "--disable-domain-reliability", "--metrics-recording-only",
                // a stream in one window keeps its pace while the test works in another
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .withLogFile(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Chromium(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * DevTools' "Offline" (chromedriver's network conditions): {@code navigator.onLine} turns false and every new
     * connection fails at once, but in Debian's Chromium 156 an open WebSocket carries on both ways, untouched
     * (crbug 423246), so a test that wants one dropped must drop it itself.
     */
    void goOffline() {
        driver.setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
    }

    void goOnline() {
        driver.deleteNetworkConditions();
    }

    /** The browser console so far (each call returns only what is new), for failure messages. */
    String console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString)
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(console unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
