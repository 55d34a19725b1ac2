package io.liverelay.browser;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page (index.html) driven through its stable ids (docs/client.md). A probe installed after loading
 * records what the page's client emits, through the client's public {@code on()}, and when {@code stop()}
 * resolves; it also notes each state the page displays.
 */
final class DemoPage {

    static final Duration WAIT = Duration.ofSeconds(30);

    // Wraps start() and stop() of the page's client class: every client the page creates is observed from
    // its first start() on, before any event can fire.
    private static final String PROBE = """
            if (!window.__probe) {
              const C = window.liveRelayDemo.BrowserToRtmpClient;
              const probe = window.__probe = { events: [], shown: [], stops: [] };
              const observed = new WeakSet();
              const start = C.prototype.start;
              const stop = C.prototype.stop;
              const copy = (value) => value === undefined ? null : JSON.parse(JSON.stringify(value));
              C.prototype.start = function (...args) {
                if (!observed.has(this)) {
                  observed.add(this);
                  for (const event of C.EVENTS) {
                    this.on(event, (value) => probe.events.push({ event, value: copy(value) }));
                  }
                }
                return start.apply(this, args);
              };
              C.prototype.stop = function (...args) {
                probe.stops.push('called');
                const result = stop.apply(this, args);
                result.then(() => probe.stops.push('resolved'), () => probe.stops.push('rejected'));
                return result;
              };
              const state = document.getElementById('state');
              const note = () => {
                if (probe.shown[probe.shown.length - 1] !== state.textContent) probe.shown.push(state.textContent);
              };
              note();
              new MutationObserver(note).observe(state, { childList: true, characterData: true, subtree: true });
            }
            """;

    private final WebDriver driver;

    private DemoPage(WebDriver driver) {
        this.driver = driver;
    }

    /** Loads {@code <base>index.html?<query>} and installs the probe once the page's module has run. */
    static DemoPage open(WebDriver driver, URI base, Map<String, String> query) {
        String search = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        driver.get(base.resolve("index.html") + (search.isEmpty() ? "" : "?" + search));
        var page = new DemoPage(driver);
        new WebDriverWait(driver, WAIT).until(d -> page.js("return !!window.liveRelayDemo") == Boolean.TRUE);
        page.js(PROBE);
        return page;
    }

    void start() { click("start"); }

    void pause() { click("pause"); }

    /** While paused the start button reads "Resume" and resumes. */
    void resume() {
        if (!"Resume".equals(element("start").getText())) {
            throw new AssertionError("the start button should offer to resume, it says " + element("start").getText());
        }
        click("start");
    }

    void stop() { click("stop"); }

    /** The state name as the page wrote it (the badge shows it in capitals, through CSS only). */
    String state() { return String.valueOf(js("return document.getElementById('state').textContent")); }

    void awaitState(String state) {
        awaitState(state, WAIT);
    }

    void awaitState(String state, Duration timeout) {
        try {
            new WebDriverWait(driver, timeout).until(d -> state.equals(state()));
        } catch (RuntimeException e) {
            throw new AssertionError("the page should show state " + state + " but shows " + state()
                    + "; error: " + errorName() + " " + errorText() + "; client events: " + milestones(), e);
        }
    }

    /** Waits until the page's progress display says ffmpeg has sent more than {@code frames} frames. */
    long awaitFramesAbove(long frames) {
        new WebDriverWait(driver, WAIT).until(d -> framesSent() > frames);
        return framesSent();
    }

    /**
     * Clicks "Add destination" and types {@code url} into the new field (#rtmp-2, #rtmp-3, …); returns the
     * destination's index, its place in the start's {@code rtmp} list.
     */
    int addDestination(String url) {
        int before = destinationFields().size();
        click("add-destination");
        new WebDriverWait(driver, WAIT).until(d -> destinationFields().size() == before + 1);
        WebElement field = element("rtmp-" + (before + 1));
        field.sendKeys(url);
        return Integer.parseInt(field.findElement(By.xpath("ancestor::li[contains(@class,'destination-row')]"))
                .getAttribute("data-index"));
    }

    /** The destination fields in order, #rtmp first. */
    List<WebElement> destinationFields() {
        return driver.findElements(By.cssSelector("#destinations li.destination-row input.destination-field"));
    }

    /** Each destination badge's {@code data-state}, by {@code data-index}; empty while none is shown. */
    Map<Integer, String> badgeStates() {
        Object states = js("return Array.from(document.querySelectorAll('#destination-badges li.destination-badge'))"
                + ".map((badge) => [badge.dataset.index, badge.dataset.state || ''])");
        Map<Integer, String> byIndex = new java.util.TreeMap<>();
        for (Object pair : (List<?>) states) {
            List<?> entry = (List<?>) pair;
            byIndex.put(Integer.parseInt(String.valueOf(entry.get(0))), String.valueOf(entry.get(1)));
        }
        return byIndex;
    }

    /** Waits until there are {@code count} badges and each shows {@code state}. */
    void awaitBadges(int count, String state) {
        try {
            new WebDriverWait(driver, WAIT).until(d -> {
                Map<Integer, String> states = badgeStates();
                return states.size() == count && states.values().stream().allMatch(state::equals);
            });
        } catch (RuntimeException e) {
            throw new AssertionError(count + " badges should show " + state + " but show " + badgeStates()
                    + "; page state " + state() + ", error: " + errorName() + " " + errorText(), e);
        }
    }

    String mode() { return text("mode"); }

    String streamId() { return element("stream-id").getAttribute("data-value"); }

    long framesSent() {
        String value = element("frames").getAttribute("data-value");
        return value == null ? 0 : Long.parseLong(value);
    }

    String errorName() { return element("error").getAttribute("data-name"); }

    String errorText() { return text("error"); }

    String logText() {
        return String.valueOf(js("return document.getElementById('log').textContent"));
    }

    boolean arrivalShown() {
        return element("sink").isDisplayed();
    }

    /** Every state the page's status line displayed, in order, without repeats. */
    List<String> shownStates() {
        return strings(probe().getJsonArray("shown"));
    }

    /** What happened to {@code stop()}: "called", then "resolved" (or "rejected"), per call. */
    List<String> stopCalls() {
        return strings(probe().getJsonArray("stops"));
    }

    /** The client's events in order: {@code {"event": name, "value": payload}}. */
    List<JsonObject> events() {
        return probe().getJsonArray("events").getValuesAs(JsonObject.class);
    }

    /** The events without the once-a-second stats and progress, for failure messages. */
    List<JsonObject> milestones() {
        return events().stream().filter(e -> !List.of("stats", "progress").contains(e.getString("event"))).toList();
    }

    List<JsonValue> eventValues(String event) {
        return events().stream().filter(e -> event.equals(e.getString("event")))
                .map(e -> e.get("value")).toList();
    }

    List<String> clientStates() {
        return eventValues("state").stream().map(v -> ((jakarta.json.JsonString) v).getString()).toList();
    }

    List<JsonObject> errors() {
        return eventValues("error").stream().map(JsonValue::asJsonObject).toList();
    }

    private JsonObject probe() {
        String json = String.valueOf(js("return JSON.stringify(window.__probe)"));
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
    }

    private void click(String id) {
        WebElement button = element(id);
        new WebDriverWait(driver, WAIT).until(d -> button.isEnabled());
        button.click();
    }

    private String text(String id) {
        return element(id).getText();
    }

    private WebElement element(String id) {
        return driver.findElement(By.id(id));
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
