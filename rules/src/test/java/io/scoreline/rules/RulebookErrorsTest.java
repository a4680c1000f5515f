package io.scoreline.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.scoreline.rules.RulebookTest.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A bad rulebook is refused at start with one line naming the source, the rule and the field. */
class RulebookErrorsTest
{
    @Test
    void shouldNameAMissingRule() throws URISyntaxException
    {
        assertRefusedFile("missing-rule.yaml", "R47 missing");
    }

    @Test
    void shouldNameADuplicateRuleAndBothPlaces() throws URISyntaxException
    {
        assertRefusedFile("duplicate-rule.yaml", "R11 appears twice, as rule #11 and rule #12");
    }

    @Test
    void shouldNameAnUnknownRuleId() throws URISyntaxException
    {
        assertRefusedFile("unknown-id.yaml", "rule #48: unknown id \"R48\", expected R01..R47");
    }

    @Test
    void shouldNameTheExpectedKindOfARule() throws URISyntaxException
    {
        assertRefusedFile("wrong-kind.yaml", "R05 (clue-speed): kind must be speed, got \"flat\"");
    }

    @Test
    void shouldNameAMissingParameter() throws URISyntaxException
    {
        assertRefusedFile("missing-param.yaml", "R10 (clue-rapid): spanMs missing");
    }

    @Test
    void shouldNameAnUnknownParameterAndTheOnesTheKindTakes() throws URISyntaxException
    {
        assertRefusedFile("unknown-param.yaml", "R03 (clue-base): unknown field \"windowMs\" (flat takes points)");
    }

    @Test
    void shouldQuoteANonIntegerValue() throws URISyntaxException
    {
        assertRefusedFile(
            "not-integer.yaml", "R05 (clue-speed): windowMs must be an integer in 1..2147483647, got \"abc\"");
    }

    @Test
    void shouldGiveTheRangeOfAnOutOfRangeValue() throws URISyntaxException
    {
        assertRefusedFile("out-of-range.yaml", "R15 (treasure-legendary): rarity must be an integer in 1..5, got \"6\"");
    }

    @Test
    void shouldListTheChannelsOfGameSection1() throws URISyntaxException
    {
        assertRefusedFile("bad-channel.yaml",
            "R36 (share-whatsapp): channel must be one of x, facebook, whatsapp, instagram, other, got \"tiktok\"");
    }

    @Test
    void shouldPointNearTheLineOfAYamlSyntaxError() throws URISyntaxException
    {
        // The stray ']' closes the sequence on line 4; the tokeniser notices on the next line.
        assertRefusedFile("syntax-error.yaml", "YAML syntax error near line 5: text after the end of the rules sequence");
    }

    @Test
    void shouldRefuseAFileWithNoRules() throws URISyntaxException
    {
        assertRefusedFile("empty.yaml", "empty, expected \"rules:\" with the 47 rules");
    }

    @Test
    void shouldRefuseAMissingFile()
    {
        final Path missing = Path.of("no-such-dir", "my.yaml");
        assertRefused("rulebook " + missing + ": no such file", () -> Rulebook.load(missing));
    }

    @Test
    void shouldRefuseAnEmptyString()
    {
        assertRefused("rulebook my.yaml: empty, expected \"rules:\" with the 47 rules", () -> Rulebook.parse("", "my.yaml"));
    }

    @Test
    void shouldRefuseAnEmptySequenceNamingTheFirstRule()
    {
        assertRefused("rulebook my.yaml: R01 missing", () -> Rulebook.parse("rules: []", "my.yaml"));
    }

    @Test
    void shouldRefuseAnUnbalancedBracket()
    {
        assertRefusedText("rules: [ { id: R01 } ] ]\n", "YAML syntax error near line 1: Unexpected ']'");
    }

    @Test
    void shouldRefuseAScalarWhereARuleShouldBe()
    {
        assertRefusedText("rules: [\n  { id: R01 },\n  R02\n]\n",
            "YAML syntax error near line 3 in rule #2 (after R01): " +
            "expected a map of fields such as { id: R01, name: ..., kind: ... }");
    }

    @Test
    void shouldRefuseAMissingComma()
    {
        assertRefusedText("rules: [ { id: R01 name: join-welcome } ]",
            "rule #1: YAML syntax error, a value without its \"key:\" (a missing comma?)");
    }

    @Test
    void shouldRefuseAnUnknownTopLevelField()
    {
        assertRefusedText("rulez: []", "unknown top-level field \"rulez\", expected only rules");
    }

    @Test
    void shouldRefuseRulesThatAreNotASequence()
    {
        assertRefusedText("rules: 47", "rules must be a sequence of rules");
    }

    @Test
    void shouldRefuseARuleWithoutAnId()
    {
        assertRefused("rulebook my.yaml: rule #2 has no id", () -> Rulebook.parse(
            shippedWith("{ id: R02, name: daily-first,", "{ name: daily-first,"), "my.yaml"));
    }

    @Test
    void shouldRefuseAFieldWrittenTwice()
    {
        assertRefusedEdit("kind: flat,              points: 200 }", "kind: flat, points: 200, points: 300 }",
            "R22 (checkpoint-base): points appears twice");
    }

    @Test
    void shouldRefuseAMissingOrEmptyName()
    {
        assertRefusedEdit("name: clue-streak-10,", "", "R09 (clue-streak-10): name missing");
        assertRefusedEdit("name: clue-streak-10,", "name: \"\",",
            "R09 (clue-streak-10): name must be a non-empty string, got \"\"");
    }

    @Test
    void shouldRefuseAMissingKindNamingTheExpectedOne()
    {
        assertRefusedEdit("kind: team-credit }", "}", "R47 (team-credit): kind missing, expected team-credit");
    }

    @Test
    void shouldRefuseAParameterOnARuleThatTakesNone()
    {
        assertRefusedEdit("kind: team-credit }", "kind: team-credit, points: 1 }",
            "R47 (team-credit): unknown field \"points\" (team-credit takes no parameters)");
    }

    @Test
    void shouldRefuseANonBooleanShieldable()
    {
        assertRefusedEdit("points: -10, shieldable: true", "points: -10, shieldable: yes",
            "R07 (clue-hint-tax): shieldable must be true or false, got \"yes\"");
    }

    @Test
    void shouldRefuseDecimalsHexAndNestedValuesWhereAnIntegerBelongs()
    {
        assertRefusedEdit("percent: 200, windowMs: 60000", "percent: 2.5, windowMs: 60000",
            "R40 (golden-minute): percent must be an integer in 1..100000, got \"2.5\"");
        assertRefusedEdit("percent: 200, windowMs: 60000", "percent: 0x10, windowMs: 60000",
            "R40 (golden-minute): percent must be an integer in 1..100000, got \"0x10\"");
        assertRefusedEdit("percent: 200, windowMs: 60000", "percent: [200], windowMs: 60000",
            "R40 (golden-minute): percent must be an integer in 1..100000, got \"[200]\"");
    }

    @Test
    void shouldCheckEachRangeAtBothEnds()
    {
        assertRefusedEdit("points: 150, windowMs: 60000", "points: 1000000001, windowMs: 60000",
            "R05 (clue-speed): points must be an integer in -1000000000..1000000000, got \"1000000001\"");
        assertRefusedEdit("points: 150, windowMs: 60000", "points: 150, windowMs: 0",
            "R05 (clue-speed): windowMs must be an integer in 1..2147483647, got \"0\"");
        assertRefusedEdit("points: 150, windowMs: 60000", "points: 150, windowMs: 2147483648",
            "R05 (clue-speed): windowMs must be an integer in 1..2147483647, got \"2147483648\"");
        assertRefusedEdit("limit: 50000", "limit: 1000001",
            "R46 (daily-cap): limit must be an integer in 1..1000000, got \"1000001\"");
        assertRefusedEdit("points: 1500, zones: 8", "points: 1500, zones: 65",
            "R18 (treasure-zone-master): zones must be an integer in 1..64, got \"65\"");
        assertRefusedEdit("severity: 3,", "severity: 4,",
            "R39 (cheat-freeze): severity must be an integer in 1..3, got \"4\"");
        assertRefusedEdit("minOdds: 1000", "minOdds: 99",
            "R33 (prediction-longshot): minOdds must be an integer in 100..100000, got \"99\"");
        assertRefusedEdit("maxAnswerMs: 3000", "maxAnswerMs: -1",
            "R27 (quiz-quick): maxAnswerMs must be an integer in 0..60000, got \"-1\"");
        assertRefusedEdit("checkpoint: 20", "checkpoint: 101",
            "R24 (checkpoint-final): checkpoint must be an integer in 1..100, got \"101\"");
        assertRefusedEdit("third: 250", "third: 99999999999999999999",
            "R16 (treasure-first-finders): third must be an integer in -1000000000..1000000000, " +
            "got \"99999999999999999999\"");
    }

    @Test
    void shouldAcceptTheEndsOfEachRange()
    {
        final String yaml = shippedWith("points: 150, windowMs: 60000", "points: -1000000000, windowMs: 2147483647")
            .replace("maxAnswerMs: 3000", "maxAnswerMs: 0")
            .replace("points: 1500, zones: 8", "points: 1500, zones: 64");

        final Rulebook book = Rulebook.parse(yaml, "ends.yaml");

        assertEquals(-1_000_000_000, book.rule(5).param("points"));
        assertEquals(2_147_483_647, book.rule(5).param("windowMs"));
        assertEquals(0, book.rule(27).param("maxAnswerMs"));
        assertEquals(64, book.rule(18).param("zones"));
    }

    @Test
    void shouldKeepAMultiLineValueOnOneLineOfMessage()
    {
        final RulebookException ex = assertThrows(RulebookException.class, () -> Rulebook.parse(
            shippedWith("channel: whatsapp }", "channel: \"what\\nsapp\" }"), "my.yaml"));

        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        assertEquals("rulebook my.yaml: R36 (share-whatsapp): channel must be one of x, facebook, whatsapp, " +
            "instagram, other, got \"what sapp\"", ex.getMessage());
    }

    /** The shipped rulebook with one unique piece of text replaced. */
    static String shippedWith(final String old, final String replacement)
    {
        final String shipped = shipped();
        final int at = shipped.indexOf(old);
        if (at < 0 || shipped.indexOf(old, at + 1) >= 0)
        {
            throw new IllegalArgumentException("not exactly once in the shipped rulebook: " + old);
        }
        return shipped.replace(old, replacement);
    }

    private static String shipped()
    {
        try (InputStream in = RulebookErrorsTest.class.getResourceAsStream("/rulebook.yaml"))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void assertRefusedFile(final String name, final String detail) throws URISyntaxException
    {
        final Path file = fixture(name);
        assertRefused("rulebook " + file + ": " + detail, () -> Rulebook.load(file));
    }

    private static void assertRefusedText(final String yaml, final String detail)
    {
        assertRefused("rulebook my.yaml: " + detail, () -> Rulebook.parse(yaml, "my.yaml"));
    }

    private static void assertRefusedEdit(final String old, final String replacement, final String detail)
    {
        assertRefusedText(shippedWith(old, replacement), detail);
    }

    private static void assertRefused(final String message, final Executable load)
    {
        final RulebookException ex = assertThrows(RulebookException.class, load);
        assertEquals(message, ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"));
    }
}
