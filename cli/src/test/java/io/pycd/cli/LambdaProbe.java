package io.pycd.cli;

/**
 * Links one lambda of pycd's own package, hashes one record by its generated method, and exits: MainTest's proof that
 * its checks see both.
 */
final class LambdaProbe {

    private record Pair(String a, int b) {
    }

    private LambdaProbe() {
    }

    public static void main(String[] args) {
        Runnable r = () -> System.out.println("linked");
        r.run();
        System.out.println(new Pair("x", 1).hashCode());
    }
}
