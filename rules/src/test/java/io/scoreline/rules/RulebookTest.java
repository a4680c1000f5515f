package io.scoreline.rules;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped rulebook says what GAME.md section 4 says; an edited rulebook changes the numbers. */
class RulebookTest
{
    private final Rulebook book = Rulebook.defaults();

    @Test
    void shouldHoldAll47RulesNumberedInOrder()
    {
        assertEquals(47, Rulebook.RULE_COUNT);
        for (int n = 1; n <= 47; n++)
        {
            final Rule rule = book.rule(n);
            assertEquals(n, rule.number());
            assertEquals(String.format("R%02d", n), rule.id());
        }
    }

    @Test
    void shouldCarryTheNamesOfGameSection4()
    {
        assertEquals("join-welcome", book.rule(1).name());
        assertEquals("clue-speed", book.rule(5).name());
        assertEquals("treasure-first-finders", book.rule(16).name());
        assertEquals("prediction-payout", book.rule(32).name());
        assertEquals("golden-minute", book.rule(40).name());
        assertEquals("team-credit", book.rule(47).name());
    }

    @Test
    void shouldCarryTheClueNumbersOfGameSection4()
    {
        assertEquals(100, book.rule(1).param("points"));
        assertEquals(20, book.rule(2).param("points"));
        assertEquals(100, book.rule(3).param("points"));
        assertEquals(50, book.rule(4).param("points"));
        assertEquals(150, book.rule(5).param("points"));
        assertEquals(60_000, book.rule(5).param("windowMs"));
        assertEquals(40, book.rule(6).param("points"));
        assertEquals(600_000, book.rule(6).param("minSolveMs"));
        assertEquals(-10, book.rule(7).param("points"));
        assertEquals(150, book.rule(8).param("points"));
        assertEquals(3, book.rule(8).param("every"));
        assertEquals(1000, book.rule(9).param("points"));
        assertEquals(10, book.rule(9).param("count"));
        assertEquals(600, book.rule(10).param("points"));
        assertEquals(5, book.rule(10).param("count"));
        assertEquals(300_000, book.rule(10).param("spanMs"));
        assertEquals(3000, book.rule(12).param("points"));
        assertEquals(50, book.rule(12).param("count"));
    }

    @Test
    void shouldCarryTheTreasureAndCheckpointNumbersOfGameSection4()
    {
        assertEquals(60, book.rule(14).param("points"));
        assertEquals(400, book.rule(15).param("points"));
        assertEquals(5, book.rule(15).param("rarity"));
        assertEquals(1000, book.rule(16).param("first"));
        assertEquals(500, book.rule(16).param("second"));
        assertEquals(250, book.rule(16).param("third"));
        assertEquals(1500, book.rule(18).param("points"));
        assertEquals(8, book.rule(18).param("zones"));
        assertEquals(400, book.rule(19).param("points"));
        assertEquals(3, book.rule(19).param("count"));
        assertEquals(120_000, book.rule(19).param("spanMs"));
        assertEquals(10_000, book.rule(21).param("points"));
        assertEquals(100, book.rule(21).param("count"));
        assertEquals(2500, book.rule(24).param("points"));
        assertEquals(20, book.rule(24).param("checkpoint"));
        assertEquals(300, book.rule(25).param("points"));
        assertEquals(1_800_000, book.rule(25).param("windowMs"));
    }

    @Test
    void shouldCarryTheQuizPredictionShareAndCheatNumbersOfGameSection4()
    {
        assertEquals(40, book.rule(27).param("points"));
        assertEquals(3000, book.rule(27).param("maxAnswerMs"));
        assertEquals(-15, book.rule(28).param("points"));
        assertEquals(5, book.rule(29).param("every"));
        assertEquals(900_000, book.rule(30).param("windowMs"));
        assertEquals(20, book.rule(31).param("count"));
        assertEquals(100, book.rule(32).param("divisor"));
        assertEquals(1000, book.rule(33).param("minOdds"));
        assertEquals(3, book.rule(34).param("count"));
        assertEquals(25, book.rule(35).param("points"));
        assertEquals(5, book.rule(35).param("limit"));
        assertEquals(10, book.rule(36).param("points"));
        assertEquals("whatsapp", book.rule(36).text("channel"));
        assertEquals(-30, book.rule(37).param("points"));
        assertEquals(-500, book.rule(38).param("points"));
        assertEquals(3, book.rule(39).param("severity"));
        assertEquals(600_000, book.rule(39).param("windowMs"));
    }

    @Test
    void shouldCarryTheModifiersAndCapsOfGameSection4()
    {
        assertEquals(200, book.rule(40).param("percent"));
        assertEquals(60_000, book.rule(40).param("windowMs"));
        assertEquals(150, book.rule(41).param("percent"));
        assertEquals(30_000, book.rule(41).param("windowMs"));
        assertEquals(1000, book.rule(42).param("points"));
        assertEquals(5, book.rule(42).param("rarity"));
        assertEquals(200, book.rule(43).param("percent"));
        assertEquals(20_000, book.rule(45).param("limit"));
        assertEquals(50_000, book.rule(46).param("limit"));
    }

    @Test
    void shouldMarkOnlyTheHintTaxQuizWrongAndHintPenaltyShieldable()
    {
        for (int n = 1; n <= 47; n++)
        {
            final boolean expected = n == 7 || n == 28 || n == 37;
            assertEquals(expected, book.rule(n).flag("shieldable"), "R" + n);
        }
    }

    @Test
    void shouldGiveEachRuleTheKindTheEngineImplements()
    {
        assertEquals("speed", book.rule(5).kind());
        assertEquals("rapid", book.rule(10).kind());
        assertEquals("rapid", book.rule(19).kind());
        assertEquals("milestone", book.rule(34).kind());
        assertEquals("match-multiplier", book.rule(40).kind());
        assertEquals("match-multiplier", book.rule(41).kind());
        assertEquals("shield", book.rule(44).kind());
        assertEquals("team-credit", book.rule(47).kind());
    }

    @Test
    void shouldLoadAnEditedRulebookWithItsNewNumbers() throws URISyntaxException
    {
        final Rulebook edited = Rulebook.load(fixture("golden-minute-x3-90s.yaml"));

        assertEquals(300, edited.rule(40).param("percent"));
        assertEquals(90_000, edited.rule(40).param("windowMs"));
        assertEquals(150, edited.rule(41).param("percent"));
        assertEquals(30_000, edited.rule(41).param("windowMs"));
        assertEquals(200, book.rule(40).param("percent"), "the shipped rulebook is untouched");
    }

    @Test
    void shouldReadBlockStyleYamlAsWellAsFlowStyle()
    {
        final StringBuilder yaml = new StringBuilder("# block style\nrules:\n");
        for (int n = 1; n <= 47; n++)
        {
            final Rule rule = book.rule(n);
            yaml.append("  - id: ").append(rule.id()).append('\n')
                .append("    name: ").append(rule.name()).append('\n')
                .append("    kind: ").append(rule.kind()).append('\n');
            for (final String line : blockParams(n))
            {
                yaml.append("    ").append(line).append('\n');
            }
        }

        final Rulebook block = Rulebook.parse(yaml.toString(), "block.yaml");

        assertEquals("block.yaml", block.source());
        assertEquals(150, block.rule(5).param("points"));
        assertEquals(60_000, block.rule(5).param("windowMs"));
        assertEquals(250, block.rule(16).param("third"));
        assertTrue(block.rule(37).flag("shieldable"));
        assertEquals("whatsapp", block.rule(36).text("channel"));
        assertEquals(50_000, block.rule(46).param("limit"));
    }

    @Test
    void shouldAcceptQuotedStringsAndSignedIntegers()
    {
        final String yaml = RulebookErrorsTest.shippedWith(
            "{ id: R37, name: hint-penalty,           kind: flat,              points: -30, shieldable: true }",
            "{ id: \"R37\", name: 'hint penalty, harsh', kind: flat, points: -1000000000, shieldable: false }");

        final Rule rule = Rulebook.parse(yaml, "quoted.yaml").rule(37);

        assertEquals("hint penalty, harsh", rule.name());
        assertEquals(-1_000_000_000, rule.param("points"));
        assertFalse(rule.flag("shieldable"));
    }

    @Test
    void shouldReadNamesWrittenInUtf8()
    {
        final String yaml = RulebookErrorsTest.shippedWith("name: join-welcome,", "name: bienvenue-équipe-日本,");

        assertEquals("bienvenue-équipe-日本", Rulebook.parse(yaml, "utf8.yaml").rule(1).name());
    }

    @Test
    void shouldRefuseToAnswerForAParameterTheRuleDoesNotHave()
    {
        assertThrows(IllegalArgumentException.class, () -> book.rule(3).param("windowMs"));
        assertThrows(IllegalArgumentException.class, () -> book.rule(3).text("channel"));
        assertThrows(IllegalArgumentException.class, () -> book.rule(0));
        assertThrows(IllegalArgumentException.class, () -> book.rule(48));
    }

    @Test
    void shouldParseTheShippedRulebookOnce()
    {
        assertSame(Rulebook.defaults(), Rulebook.defaults());
        assertEquals("classpath:/rulebook.yaml", book.source());
    }

    static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(RulebookTest.class.getResource("/rulebooks/" + name).toURI());
    }

    /** The parameters of GAME.md section 4, written by hand in block style. */
    private static String[] blockParams(final int n)
    {
        switch (n)
        {
            case 5: return new String[]{ "points: 150", "windowMs: 60000" };
            case 16: return new String[]{ "first: 1000", "second: 500", "third: 250" };
            case 36: return new String[]{ "points: 10", "limit: 5", "channel: whatsapp" };
            case 37: return new String[]{ "points: -30", "shieldable: true" };
            case 46: return new String[]{ "limit: 50000" };
            default: return shippedParams(n);
        }
    }

    private static String[] shippedParams(final int n)
    {
        final Rule rule = Rulebook.defaults().rule(n);
        final String text = rule.toString();
        final String params = text.substring(text.indexOf('{') + 1, text.lastIndexOf('}'));
        return params.isEmpty() ? new String[0] : params.replace("=", ": ").split(", ");
    }
}
