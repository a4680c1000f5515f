package io.scoreline.pipeline.edge;

/** The error body both front ends answer with: {@code {"error":"message"}}. */
public final class JsonError
{
    private JsonError()
    {
    }

    /** The message escaped as a JSON string (it may quote a client's text or path). */
    public static String of(final String message)
    {
        final StringBuilder json = new StringBuilder(message.length() + 16).append("{\"error\":\"");
        for (int i = 0; i < message.length(); i++)
        {
            final char c = message.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        return json.append("\"}").toString();
    }
}
