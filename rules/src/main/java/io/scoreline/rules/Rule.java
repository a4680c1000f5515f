package io.scoreline.rules;

import java.util.Map;
import java.util.TreeMap;

/**
 * One validated rule of the rulebook: its id, name, kind and parameters. Read once at start by
 * the engine into primitive fields; never consulted per event.
 */
public final class Rule
{
    private final String id;
    private final int number;
    private final String name;
    private final String kind;
    private final Map<String, Long> params;
    private final Map<String, Boolean> flags;
    private final Map<String, String> texts;

    Rule(
        final String id,
        final int number,
        final String name,
        final String kind,
        final Map<String, Long> params,
        final Map<String, Boolean> flags,
        final Map<String, String> texts)
    {
        this.id = id;
        this.number = number;
        this.name = name;
        this.kind = kind;
        this.params = Map.copyOf(params);
        this.flags = Map.copyOf(flags);
        this.texts = Map.copyOf(texts);
    }

    /** "R01".."R47". */
    public String id()
    {
        return id;
    }

    /** 1..47. */
    public int number()
    {
        return number;
    }

    public String name()
    {
        return name;
    }

    public String kind()
    {
        return kind;
    }

    /**
     * An integer parameter, e.g. points or windowMs.
     *
     * @throws IllegalArgumentException if this rule's kind has no such parameter: a bug in the engine, not the file.
     */
    public long param(final String key)
    {
        final Long value = params.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException(id + " (" + name + ") has no integer parameter " + key);
        }
        return value;
    }

    /** A boolean parameter such as shieldable; false when the rule does not have it. */
    public boolean flag(final String key)
    {
        final Boolean value = flags.get(key);
        return null != value && value;
    }

    /**
     * A text parameter such as channel.
     *
     * @throws IllegalArgumentException if this rule's kind has no such parameter.
     */
    public String text(final String key)
    {
        final String value = texts.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException(id + " (" + name + ") has no text parameter " + key);
        }
        return value;
    }

    @Override
    public String toString()
    {
        final Map<String, Object> all = new TreeMap<>(params);
        all.putAll(flags);
        all.putAll(texts);
        return id + ' ' + name + ' ' + kind + ' ' + all;
    }
}
