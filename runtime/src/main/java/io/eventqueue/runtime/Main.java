package io.eventqueue.runtime;

public final class Main {
    public static void main(String[] args) {
    }
}
