package io.eventqueue.operator.cli;

public final class Main {
    public static void main(String[] args) {
    }
}
