package io.liverelay.hostile;

/** One hostile case: does its thing against the server and asserts the named outcome it must get. */
@FunctionalInterface
interface Case {
    void run(Harness h) throws Exception;
}
