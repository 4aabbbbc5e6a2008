package dev.speechmeter.sample.it;

/** An organization with one project and one key, made for one test. */
record Tenant(String organizationId, String projectId, String apiKeyId, String apiKey) {

    String authorization() {
        return "Bearer " + apiKey;
    }
}
