package io.scoreline.ingest;

/**
 * A first-in first-out queue of (item, time) pairs in two circular arrays: nothing allocated per
 * item once grown. One thread only.
 */
final class TimedQueue<T>
{
    private Object[] items;
    private long[] times;
    private int head;
    private int size;

    /** @param capacity the first capacity, a power of two; it doubles when full */
    TimedQueue(final int capacity)
    {
        items = new Object[capacity];
        times = new long[capacity];
    }

    void add(final T item, final long time)
    {
        if (size == items.length)
        {
            grow();
        }
        final int tail = (head + size) & (items.length - 1);
        items[tail] = item;
        times[tail] = time;
        size++;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** The oldest item; call only when not empty. */
    @SuppressWarnings("unchecked")
    T head()
    {
        return (T)items[head];
    }

    /** The oldest item's time; call only when not empty. */
    long headTime()
    {
        return times[head];
    }

    /** Takes the oldest item out; call only when not empty. */
    T poll()
    {
        final T item = head();
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return item;
    }

    private void grow()
    {
        final Object[] newItems = new Object[items.length * 2];
        final long[] newTimes = new long[items.length * 2];
        for (int i = 0; i < size; i++)
        {
            final int from = (head + i) & (items.length - 1);
            newItems[i] = items[from];
            newTimes[i] = times[from];
        }
        items = newItems;
        times = newTimes;
        head = 0;
    }
}
