package io.scoreline.pipeline;

/** The stages, in chain order. */
enum StageId
{
    JOURNAL, PARSE, SCORE, BOARD
}
