package io.scoreline.rules;

/**
 * A rulebook that cannot be used: refused at start, never on the hot path. The message is one line
 * naming the source, the rule and the field, fit to print as is and exit.
 */
public final class RulebookException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** A whole message, e.g. from the engine refusing a value beyond its state's limits. */
    public RulebookException(final String message)
    {
        super(oneLine(message), null, false, false);
    }

    RulebookException(final String source, final String detail)
    {
        this("rulebook " + source + ": " + detail);
    }

    /** A message printed on one line must not carry the YAML's line breaks or control characters. */
    static String oneLine(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
