package dev.cacheaside.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import dev.cacheaside.support.Admin;
import dev.cacheaside.support.Browser;
import dev.cacheaside.support.RedisServerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The demo page of a service with its near cache on: near hits are shown as such, and counted. */
@QuarkusTest
@TestProfile(NearCacheResourceTest.NearCacheOn.class)
@WithTestResource(RedisServerResource.class)
class NearCacheBrowserTest {

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
    void aReadAnsweredByTheNearCacheSaysSoAndIsCounted() {
        Admin.given().delete("/api/admin/cache/products/p-002").then().statusCode(200);
        Browser.open(browser, page.toString());
        Browser.selectProduct(browser, "p-002");

        Browser.act(browser, "read");
        assertEquals("MISS", Browser.text(browser, "badge"));
        Browser.act(browser, "read");
        assertEquals("served from Redis", Browser.text(browser, "outcome"));
        Browser.act(browser, "read");
        assertEquals("HIT", Browser.text(browser, "badge"));
        assertEquals("served from this instance's near cache, no Redis call (Redis would tell it of any change)",
                Browser.text(browser, "outcome"));
        assertTrue(Browser.text(browser, "ttl").endsWith(" s left"), "the Redis TTL is shown: "
                + Browser.text(browser, "ttl"));
        assertTrue(Integer.parseInt(Browser.text(browser, "stats-near_hits")) >= 1);
        assertTrue(Browser.text(browser, "stats-near").matches("tracking, \\d+ records?"),
                Browser.text(browser, "stats-near"));
        Browser.screenshot(browser, "near-hit");
    }
}
