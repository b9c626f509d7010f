package io.pycd.cli;

/** Links one lambda of pycd's own package and exits: MainTest's proof that its check sees one. */
final class LambdaProbe {

    private LambdaProbe() {
    }

    public static void main(String[] args) {
        Runnable r = () -> System.out.println("linked");
        r.run();
    }
}
