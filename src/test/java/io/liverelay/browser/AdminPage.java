package io.liverelay.browser;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page (admin.html) driven through its stable ids, classes and data-* attributes. The page is
 * opened with the user in its address ({@code http://user:password@host/…}): the browser answers the page's
 * HTTP Basic challenge with it and then signs the page's API calls in too. No DevTools protocol is needed, so
 * a newer Chromium than this Selenium knows works as well.
 */
final class AdminPage {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;

    private AdminPage(WebDriver driver) {
        this.driver = driver;
    }

    /** Loads {@code <base>admin.html} signed in as the user. */
    static AdminPage open(WebDriver driver, URI base, String user, String password) {
        URI address = base.resolve("admin.html");
        String userInfo = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        driver.get(address.getScheme() + "://" + userInfo + "@" + address.getRawAuthority() + address.getRawPath());
        var page = new AdminPage(driver);
        new WebDriverWait(driver, WAIT).until(d -> !"loading".equals(page.status()));
        return page;
    }

    /** The page's reading of the last answer: ok, unauthorized, forbidden, unavailable, offline or error. */
    String status() {
        return driver.findElement(By.id("status")).getAttribute("data-status") == null
                ? "loading" : driver.findElement(By.id("status")).getAttribute("data-status");
    }

    String statusText() {
        return driver.findElement(By.id("status")).getText();
    }

    /** Waits until the table has a row for the connection whose state is {@code state}. */
    void awaitRow(String uuid, String state) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> rows(uuid).size() == 1 && state.equals(value(uuid, "state")));
        } catch (RuntimeException e) {
            throw new AssertionError("the admin page should list " + uuid + " as " + state + "; it says: "
                    + statusText() + "; table: " + driver.findElement(By.id("streams")).getText(), e);
        }
    }

    void awaitRowGone(String uuid) {
        new WebDriverWait(driver, WAIT).until(d -> rows(uuid).isEmpty());
    }

    /** The raw value ({@code data-value}) of a cell: uuid, remote, state, video, frames, fps, bitrate, uptime, received, destination. */
    String value(String uuid, String column) {
        return row(uuid).findElement(By.className(column)).getAttribute("data-value");
    }

    String text(String uuid, String column) {
        return row(uuid).findElement(By.className(column)).getText();
    }

    String stopButtonText(String uuid) {
        return stopButton(uuid).getText();
    }

    /** The first click arms the button; stop() clicks twice, as a person confirming would. */
    void stop(String uuid) {
        stopButton(uuid).click();
        new WebDriverWait(driver, WAIT).until(d -> "Confirm stop".equals(stopButtonText(uuid)));
        stopButton(uuid).click();
    }

    /** Milliseconds since the epoch of the last refresh of the table. */
    long updatedAt() {
        String value = driver.findElement(By.id("updated")).getAttribute("data-value");
        return value == null ? 0 : Long.parseLong(value);
    }

    private WebElement stopButton(String uuid) {
        return row(uuid).findElement(By.cssSelector("button.stop"));
    }

    private WebElement row(String uuid) {
        List<WebElement> found = rows(uuid);
        if (found.size() != 1) {
            throw new AssertionError("expected one row for " + uuid + ", found " + found.size());
        }
        return found.get(0);
    }

    private List<WebElement> rows(String uuid) {
        return driver.findElements(By.cssSelector("#stream-rows tr[data-uuid='" + uuid + "']"));
    }
}
