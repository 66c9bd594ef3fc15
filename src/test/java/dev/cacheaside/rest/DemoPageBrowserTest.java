package dev.cacheaside.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.AppKeys;
import dev.cacheaside.support.Browser;
import dev.cacheaside.support.Products;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The demo page in a real headless Chromium (Debian's chromium and chromedriver; nothing is downloaded).
 * A screenshot of every step lands in {@code target/screenshots/}. Without Chromium the test is skipped
 * with a message, except under CI, where it fails.
 */
@QuarkusTest
@WithTestResource(RedisServerResource.class)
class DemoPageBrowserTest {

    private static ChromeDriver browser;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void readUpdateStampedeAndReset() {
        Admin.given().delete("/api/admin/cache/products/p-001").then().statusCode(200);
        openSignedIn();
        select("p-001");

        act("read");
        assertEquals("MISS", text("badge"));
        assertEquals("Sourdough Loaf", recordValue("name"));
        screenshot("1-read-miss");

        act("read");
        assertEquals("HIT", text("badge"));
        assertTrue(text("ttl").endsWith(" s left"), text("ttl"));
        screenshot("2-read-hit");
        assertEquals("p-001", text("write-target"), "the write panel names the product it acts on");
        assertEquals("e.g. Rye Loaf", browser.findElement(By.id("value")).getAttribute("placeholder"));

        String price = Integer.toString(ThreadLocalRandom.current().nextInt(100, 999));
        new Select(browser.findElement(By.id("field"))).selectByValue("price_cents");
        type("value", price);
        act("update-primary");
        assertTrue(text("write-result").contains("Cache entry deleted"), text("write-result"));
        act("read");
        assertEquals("MISS", text("badge"));
        assertEquals(price, recordValue("price_cents"));
        screenshot("3-update-then-miss");

        type("value", "-3");
        act("update-primary");
        assertEquals("invalid value: price_cents must be a non-negative integer of at most 18 digits, without leading"
                + " zeros, got '-3'", text("write-result"));

        type("concurrency", "50");
        act("run-stampede");
        assertEquals("1", text("stampede-primary-reads"));
        assertEquals("50", text("stampede-readers"));
        assertEquals("49", text("stampede-coalesced"));
        assertEquals(50, browser.findElements(By.cssSelector("#dots .dot")).size());
        assertEquals(1, browser.findElements(By.cssSelector("#dots .dot.miss")).size());
        screenshot("4-stampede");

        act("reset");
        for (String stat : List.of("hits", "misses", "negative_hits", "coalesced", "primary_reads_total")) {
            assertEquals("0", text("stats-" + stat), stat);
        }
        screenshot("5-reset");
    }

    @Test
    void aReadDuringARedisOutageIsShownAsBypass() throws InterruptedException {
        Admin.given().contentType("application/json").post("/api/admin/stats/reset").then().statusCode(200);
        open();
        select("p-003");
        RedisServerResource.server().stop();
        try {
            act("read");
            assertEquals("BYPASS", text("badge"));
            assertEquals("Olive Oil 500ml", recordValue("name"));
            assertEquals("not cached (Redis unavailable)", text("ttl"));
            assertEquals("1", text("stats-bypassed"));
            screenshot("8-bypass");
        } finally {
            restartRedis("p-003");
        }
    }

    @Test
    void ttlCountsDownBetweenReads() throws InterruptedException {
        open();
        select("p-002");
        act("read");
        double first = secondsLeft();
        Thread.sleep(1200);
        double later = secondsLeft();
        assertTrue(first - later >= 0.9 && first - later <= 2.0, "counted down from " + first + " to " + later);
    }

    @Test
    void anEntryThatExpiresInRedisIsShownAsExpiredAndTheNextReadMisses() throws InterruptedException {
        open();
        select("p-001");
        act("read");
        // shorten the real entry's life in Redis; the next read reports what Redis has left
        assertEquals("1", RedisServerResource.server().cli("PEXPIRE", AppKeys.record("p-001"), "1500"));
        act("read");
        assertEquals("HIT", text("badge"));
        assertTrue(secondsLeft() <= 1.5, text("ttl"));
        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(b -> b.findElement(By.id("ttl")).getText().startsWith("expired"));
        assertEquals("expired: the next read is a miss", text("ttl"));
        assertTrue(browser.findElement(By.id("ttl")).getDomAttribute("class").contains("expired"));
        screenshot("9-expired");
        act("read");
        assertEquals("MISS", text("badge"));
    }

    @Test
    void aRejectedStampedeIsExplainedInItsOwnPanel() {
        openSignedIn();
        // the input's min and max stop a browser from sending this; the API's answer must still be shown
        browser.executeScript("document.getElementById('concurrency').removeAttribute('min')");
        type("concurrency", "1");
        act("run-stampede");
        WebElement message = browser.findElement(By.id("stampede-message"));
        assertTrue(message.isDisplayed());
        assertTrue(message.getText().startsWith("concurrency out of range: concurrency must be between 2 and "), message.getText());
        assertFalse(browser.findElement(By.id("stampede-result")).isDisplayed());
        assertEquals("", text("write-result"));

        type("concurrency", "3");
        act("run-stampede");
        assertFalse(message.isDisplayed());
        assertEquals("1", text("stampede-primary-reads"));
    }

    @Test
    void aServiceThatDoesNotAnswerIsShownAsAnError() {
        open();
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        try {
            act("read");
            assertEquals("error", text("badge"));
            assertTrue(text("outcome").startsWith("the service did not answer: "), text("outcome"));
            screenshot("10-offline");
        } finally {
            browser.deleteNetworkConditions();
        }
        act("read");
        assertTrue(List.of("HIT", "MISS").contains(text("badge")), text("badge"));
    }

    @Test
    void writesNeedASignInAndThePageSaysWhyOtherwise() {
        Products.cached("p-002");
        open();
        assertEquals("Not signed in: reads only.", text("access-state"));
        select("p-002");
        act("invalidate");
        assertEquals("authentication required: sign in under Admin access first", text("write-result"));
        assertEquals("Sign in to do that: not signed in.", text("access-state"));
        screenshot("11-sign-in-needed");

        signIn(Admin.USER, "not-the-password");
        assertEquals("Wrong user name or password.", text("access-state"));
        signIn(Admin.VIEWER, Admin.password(Admin.VIEWER));
        assertEquals("User viewer does not have role cache-admin.", text("access-state"));
        signIn(Admin.USER, Admin.password(Admin.USER));
        assertEquals("Signed in as admin (role cache-admin).", text("access-state"));
        assertEquals("", browser.findElement(By.id("password")).getDomProperty("value"), "the password field is cleared");
        screenshot("12-signed-in");

        act("invalidate");
        assertEquals("Cache entry for p-002 deleted.", text("write-result"));
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> text("access-state").startsWith("Signed in as admin"));

        browser.findElement(By.id("sign-out")).click();
        assertEquals("Not signed in: reads only.", text("access-state"));
        act("invalidate");
        assertEquals("authentication required: sign in under Admin access first", text("write-result"));
    }

    @Test
    void theLiveViewDrawsAStampedeAndAnOutage() throws InterruptedException {
        openSignedIn();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> liveSamples() >= 2);
        assertFalse(browser.findElements(By.cssSelector("#live-chart canvas")).isEmpty(), "uPlot drew its canvas");

        select("p-002");
        type("concurrency", "200");
        act("run-stampede");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> peak("coalesced/s") > 0);

        RedisServerResource.server().stop();
        try {
            // reads from elsewhere while Redis is down: the primary answers them, bypassing Redis
            for (int i = 0; i < 20; i++) {
                given().get("/api/products/p-001").then().statusCode(200);
            }
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> peak("bypassed/s") > 0);
            browser.executeScript("document.getElementById('live').scrollIntoView()");
            screenshot("13-live-view");
        } finally {
            restartRedis("p-001");
        }
        assertTrue(peak("coalesced/s") >= 100, "the stampede's 199 coalesced reads in one second: " + text("live-peaks"));
    }

    /** Restarts the stopped Redis and waits until reads of {@code id} stop bypassing it. */
    private static void restartRedis(String id) throws InterruptedException {
        RedisServerResource.server().restart();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while ("BYPASS".equals(given().get("/api/products/" + id).header("X-Cache")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private static int liveSamples() {
        String samples = browser.findElement(By.id("app")).getDomAttribute("data-live-samples");
        return samples == null ? 0 : Integer.parseInt(samples);
    }

    /** The peak of one series in view, as the page prints it under the chart. */
    private static long peak(String series) {
        String peaks = text("live-peaks");
        int at = peaks.indexOf(series + " ");
        if (at < 0) {
            return 0;
        }
        String rest = peaks.substring(at + series.length() + 1);
        int end = rest.indexOf(',');
        return Long.parseLong((end < 0 ? rest : rest.substring(0, end)).trim());
    }

    @Test
    void everyFormControlHasALabel() {
        open();
        List<WebElement> controls = browser.findElements(By.cssSelector("input, select, textarea"));
        assertFalse(controls.isEmpty());
        for (WebElement control : controls) {
            String id = control.getDomAttribute("id");
            assertEquals(1, browser.findElements(By.cssSelector("label[for='" + id + "']")).size(),
                    "a label for #" + id);
        }
    }

    @Test
    void productNamesAreShownAsTextNeverRun() {
        String hostile = "<script>alert(1)</script> & \"quotes\"";
        Admin.given().contentType(ContentType.JSON)
                .body("{\"field\": \"name\", \"value\": \"<script>alert(1)<\\/script> & \\\"quotes\\\"\"}")
                .patch("/api/products/p-004").then().statusCode(200);
        try {
            open();
            select("p-004");
            act("read");
            assertEquals(hostile, recordValue("name"));
            assertTrue(browser.findElements(By.cssSelector("#record script")).isEmpty());
            try {
                browser.switchTo().alert();
                throw new AssertionError("the product name ran as a script");
            } catch (NoAlertPresentException expected) {
                // shown, not run
            }
            screenshot("6-escaped-name");
        } finally {
            Admin.given().contentType(ContentType.JSON).body("{\"field\": \"name\", \"value\": \"Sea Salt Flakes\"}")
                    .patch("/api/products/p-004").then().statusCode(200);
        }
    }

    @Test
    void narrowScreenIsOneColumnAndTheKeyboardSubmits() {
        try {
            browser.manage().window().setSize(new Dimension(420, 1600));
            openSignedIn();
            List<WebElement> panels = browser.findElements(By.cssSelector("main > section"));
            int left = panels.get(0).getRect().getX();
            assertTrue(panels.stream().allMatch(p -> p.getRect().getX() == left), "one column under 700px");
            screenshot("7-narrow");

            select("p-003");
            new Select(browser.findElement(By.id("field"))).selectByValue("stock");
            String done = browser.findElement(By.id("app")).getDomAttribute("data-done");
            WebElement value = browser.findElement(By.id("value"));
            value.clear();
            value.sendKeys("5", Keys.ENTER);
            awaitDone(done);
            assertTrue(text("write-result").startsWith("Primary updated: stock = 5"), text("write-result"));
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 1500));
        }
    }

    /** Loads the page signed out (the credentials live in the tab's session storage). */
    private void open() {
        Browser.open(browser, page.toString());
    }

    private void openSignedIn() {
        open();
        signIn(Admin.USER, Admin.password(Admin.USER));
        assertEquals("Signed in as admin (role cache-admin).", text("access-state"));
    }

    private static void signIn(String user, String password) {
        type("user", user);
        type("password", password);
        act("sign-in");
    }

    private static void select(String id) {
        Browser.selectProduct(browser, id);
    }

    private static void type(String id, String text) {
        WebElement input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static void act(String buttonId) {
        Browser.act(browser, buttonId);
    }

    private static void awaitDone(String before) {
        Browser.awaitDone(browser, before);
    }

    private static String text(String id) {
        return Browser.text(browser, id);
    }

    private static String recordValue(String field) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#record > *"));
        for (int i = 0; i + 1 < cells.size(); i += 2) {
            if (cells.get(i).getText().equals(field)) {
                return cells.get(i + 1).getText();
            }
        }
        throw new AssertionError("no field " + field + " shown");
    }

    private static double secondsLeft() {
        String ttl = text("ttl");
        assertFalse(ttl.isEmpty());
        return Double.parseDouble(ttl.replace(" s left", ""));
    }

    private static void screenshot(String name) {
        Browser.screenshot(browser, name);
    }
}
