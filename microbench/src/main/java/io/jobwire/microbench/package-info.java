/**
 * JMH microbenchmarks of hot paths ({@link io.jobwire.microbench.CodecBench}: encoding and decoding
 * the wire messages). Run by JMH's own threads; nothing depends on this package.
 */
package io.jobwire.microbench;
