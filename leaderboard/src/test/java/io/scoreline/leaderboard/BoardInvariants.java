package io.scoreline.leaderboard;

import static io.scoreline.leaderboard.BoardTree.NONE;

/** Walks a whole board and throws if any structural invariant of its {@link BoardTree} is broken. O(n). */
final class BoardInvariants
{
    private final BoardTree t;
    private int previousLeaf = NONE;
    private int lastHandle = NONE;
    private long lastTotal;

    private BoardInvariants(final BoardTree tree)
    {
        this.t = tree;
    }

    static void verify(final Leaderboard board)
    {
        new BoardInvariants(board.tree()).run();
    }

    private void run()
    {
        final int counted = t.height == 0 ? leaf(t.root, false) : inner(t.root, t.height, false);
        check(counted == t.size, "count " + counted + " != size " + t.size);
        check(t.leafNext[previousLeaf] == NONE, "last leaf has a next");
        check(t.height == 0 ? t.leafSlot[t.root] == NONE : t.innerSlot[t.root] == NONE, "root has a parent");
        check(t.height == 0 || t.innerSizes[t.root] >= 2, "inner root with one child");
        int present = 0;
        for (int handle = 0; handle < t.capacity; handle++)
        {
            if (t.leafOf[handle] != NONE)
            {
                present++;
                t.positionOf(t.leafOf[handle], handle);
            }
        }
        check(present == t.size, "present " + present + " != size " + t.size);
        checkValueCounts();
    }

    /** Checks a leaf; {@code mayBeSmall}: its parent is a root of at most three children. */
    private int leaf(final int leaf, final boolean mayBeSmall)
    {
        final int size = t.leafSizes[leaf];
        check(size <= t.leafCapacity, "leaf " + leaf + " over capacity");
        check(leaf == t.root || size >= t.leafMin || mayBeSmall && size >= 1, "leaf " + leaf + " under min: " + size);
        if (previousLeaf != NONE)
        {
            check(t.leafNext[previousLeaf] == leaf, "leaf chain broken at " + leaf);
        }
        previousLeaf = leaf;
        final int base = leaf * t.leafCapacity;
        for (int i = 0; i < size; i++)
        {
            final int handle = t.leafHandles[base + i];
            final long total = t.totals[handle];
            check(t.leafOf[handle] == leaf, "leafOf wrong for " + handle);
            if (lastHandle != NONE)
            {
                check(isAhead(lastTotal, lastHandle, total, handle), "order broken at handle " + handle);
            }
            lastHandle = handle;
            lastTotal = total;
        }
        return size;
    }

    private int inner(final int node, final int level, final boolean mayBeSmall)
    {
        final int base = node * t.innerStride;
        final int childCount = t.innerSizes[node];
        check(childCount <= t.innerCapacity, "inner " + node + " over capacity");
        check(node == t.root || childCount >= t.innerMin || mayBeSmall && childCount >= 4,
            "inner " + node + " under min: " + childCount);
        check(t.keyTotals[base] == Long.MAX_VALUE, "key 0 of " + node + " is not the top");
        for (int i = childCount; i < t.innerStride; i++)
        {
            check(t.keyTotals[base + i] == Long.MIN_VALUE, "key " + i + " of " + node + " past its children is not the bottom");
        }
        for (int j = 0; j < t.summaryStride; j++)
        {
            check(t.keySummary[node * t.summaryStride + j] == t.keyTotals[base + 8 * j], "summary " + j + " of " + node);
        }
        final boolean smallChildren = node == t.root && childCount <= 3;
        int sum = 0;
        for (int i = 0; i < childCount; i++)
        {
            final int child = t.children[base + i];
            final int lastBefore = lastHandle;
            final long lastTotalBefore = lastTotal;
            final int sub;
            if (level == 1)
            {
                check(t.leafSlot[child] == base + i, "leafSlot of " + child);
                sub = leaf(child, smallChildren);
            }
            else
            {
                check(t.innerSlot[child] == base + i, "innerSlot of " + child);
                sub = inner(child, level - 1, smallChildren);
            }
            check(sub == t.counts[base + i], "count of child " + i + " of " + node + ": " + t.counts[base + i] + " != " + sub);
            if (i > 0)
            {
                checkSeparator(base + i, lastTotalBefore, lastBefore, firstOf(child, level - 1));
            }
            sum += sub;
        }
        return sum;
    }

    /** The separator lies after the last entry left of its child, and not after the child's first entry. */
    private void checkSeparator(final int slot, final long lastTotal, final int last, final int firstSlot)
    {
        final long key = t.keyTotals[slot];
        final long firstTotal = t.totals[t.leafHandles[firstSlot]];
        check(lastTotal >= key && key >= firstTotal, "separator total " + key + " outside [" + firstTotal + ", " + lastTotal + "]");
        if (t.ties != null)
        {
            check(separatorAhead(slot, firstTotal, t.leafHandles[firstSlot]), "separator after the first entry of its child");
            check(!separatorAhead(slot, lastTotal, last), "separator not after the last entry before it");
        }
    }

    /** Whether the separator at slot is ahead of (or equal to) the entry. */
    private boolean separatorAhead(final int slot, final long total, final int handle)
    {
        final TieKeys k = t.ties;
        if (t.keyTotals[slot] != total)
        {
            return t.keyTotals[slot] > total;
        }
        if (k.keyReachedAts[slot] != k.reachedAts[handle])
        {
            return k.keyReachedAts[slot] < k.reachedAts[handle];
        }
        if (k.keyIds[slot] != k.idOf(handle))
        {
            return k.keyIds[slot] < k.idOf(handle);
        }
        return k.keyHandles[slot] <= handle;
    }

    /** The counts over the window agree with the totals on the board. */
    private void checkValueCounts()
    {
        final long[] sorted = new long[t.size];
        int n = 0;
        int above = 0;
        int below = 0;
        for (int handle = 0; handle < t.capacity; handle++)
        {
            if (t.leafOf[handle] != NONE)
            {
                final long total = t.totals[handle];
                sorted[n++] = total;
                above += total >= t.values.limit ? 1 : 0;
                below += total < t.values.base ? 1 : 0;
            }
        }
        check(above == t.values.above && below == t.values.below, "entries above/below the window");
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < n; i++)
        {
            if (t.values.inWindow(sorted[i]) && (i == 0 || sorted[i - 1] != sorted[i]))
            {
                check(t.values.atLeast(sorted[i]) == n - i, "count of totals >= " + sorted[i]);
            }
        }
    }

    private int firstOf(final int node, final int level)
    {
        int n = node;
        for (int l = level; l > 0; l--)
        {
            n = t.children[n * t.innerStride];
        }
        return n * t.leafCapacity;
    }

    private boolean isAhead(final long aTotal, final int a, final long bTotal, final int b)
    {
        if (t.ties == null)
        {
            return aTotal >= bTotal;    // equal totals: arrival order, which only the contract test's reference knows
        }
        return t.ties.isAhead(aTotal, a, bTotal, t.ties.reachedAts[b], t.ties.idOf(b), b);
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }
}
