package dev.cacheaside.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven by its ChromeDriver, on the demo page: started once per test class, and the
 * few gestures every page test makes. Without the two binaries the tests are skipped, except under CI, where
 * that is a failure.
 */
public final class Browser {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    public static ChromeDriver start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must run the browser tests: install chromium and chromium-driver");
        }
        Assumptions.assumeTrue(present,
                "Skipping the browser tests: no " + CHROMIUM + " or " + CHROMEDRIVER
                        + " (apt-get install chromium chromium-driver)");
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,1500");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        Files.createDirectories(SCREENSHOTS);
        return new ChromeDriver(service, options);
    }

    /** Loads the page signed out (the credentials live in the tab's session storage), once its stats are shown. */
    public static void open(ChromeDriver browser, String url) {
        browser.get(url);
        browser.executeScript("sessionStorage.clear()");
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(b -> !"–".equals(b.findElement(By.id("stats-hits")).getText()));
    }

    public static void selectProduct(ChromeDriver browser, String id) {
        new Select(browser.findElement(By.id("product"))).selectByValue(id);
    }

    /** Clicks a button and waits until the page has shown the answer. */
    public static void act(ChromeDriver browser, String buttonId) {
        String done = browser.findElement(By.id("app")).getDomAttribute("data-done");
        browser.findElement(By.id(buttonId)).click();
        awaitDone(browser, done);
    }

    /** Waits until the page has finished the action that started when {@code data-done} was {@code before}. */
    public static void awaitDone(ChromeDriver browser, String before) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> {
            String now = b.findElement(By.id("app")).getDomAttribute("data-done");
            return now != null && !now.equals(before);
        });
    }

    public static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** Saves what the page looks like now as {@code target/screenshots/<name>.png}. */
    public static void screenshot(ChromeDriver browser, String name) {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
