package io.scoreline.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The 47 rules of GAME.md section 4 as data: ids, names, kinds and parameters, read with Chronicle
 * Wire's YAML reader and validated whole before the engine starts. Changing a number is an edit of
 * the rulebook, not of code; a bad rulebook is refused at start with a one-line
 * {@link RulebookException} naming the rule and the field. Immutable, so safe to share.
 */
public final class Rulebook
{
    public static final int RULE_COUNT = RuleSchema.RULE_COUNT;

    /** The classpath resource of the shipped rulebook. */
    public static final String DEFAULT_RESOURCE = "/rulebook.yaml";

    private static Rulebook defaults;

    private final String source;
    private final Rule[] rules;

    private Rulebook(final String source, final Rule[] rules)
    {
        this.source = source;
        this.rules = rules;
    }

    /** The shipped rulebook, GAME.md section 4 as written; parsed once, it cannot change under a running JVM. */
    public static synchronized Rulebook defaults()
    {
        if (null == defaults)
        {
            defaults = parse(readResource(DEFAULT_RESOURCE), "classpath:" + DEFAULT_RESOURCE);
        }
        return defaults;
    }

    /** Reads and validates a rulebook file, e.g. from {@code --rules FILE}. */
    public static Rulebook load(final Path file)
    {
        final String source = file.toString();
        final String yaml;
        try
        {
            yaml = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new RulebookException(source, "no such file");
        }
        catch (final AccessDeniedException ex)
        {
            throw new RulebookException(source, "permission denied");
        }
        catch (final IOException ex)
        {
            throw new RulebookException(source, "cannot read: " + ex.getMessage());
        }
        return parse(yaml, source);
    }

    /** Validates rulebook YAML; {@code sourceName} prefixes every error message. */
    public static Rulebook parse(final String yaml, final String sourceName)
    {
        if (yaml.isBlank())
        {
            throw new RulebookException(sourceName, "empty, expected \"rules:\" with the 47 rules");
        }
        return new Rulebook(sourceName, RuleSchema.validate(RulebookReader.read(yaml, sourceName), sourceName));
    }

    /** Where this rulebook was read from, for the start-up log. */
    public String source()
    {
        return source;
    }

    /**
     * @param number 1..47, as in R01..R47.
     */
    public Rule rule(final int number)
    {
        if (number < 1 || number > RULE_COUNT)
        {
            throw new IllegalArgumentException("rule number must be in 1.." + RULE_COUNT + ", got " + number);
        }
        return rules[number - 1];
    }

    /**
     * 64 bits of SHA-256 over the validated rules (id, name, kind and every parameter, in a fixed
     * order): equal for two rulebooks that score alike, whatever their comments or layout. A
     * snapshot carries it, so that state scored under one rulebook is never resumed under another.
     */
    public long fingerprint()
    {
        final StringBuilder canonical = new StringBuilder();
        for (final Rule rule : rules)
        {
            canonical.append(rule).append('\n');
        }
        try
        {
            final byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        }
        catch (final java.security.NoSuchAlgorithmException e)
        {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static String readResource(final String resource)
    {
        try (InputStream in = Rulebook.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new RulebookException("classpath:" + resource, "not found on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
