package dev.speechmeter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.ApiGroup;
import org.junit.jupiter.api.Test;

class ApiGroupsTest {

    @Test
    void theConcurrencyHistoryAnswersWithTheUsageGroupLikeTheConcurrencyLimits() {
        assertThat(ApiGroups.groupOf(ConcurrentStreamsHistoryResource.class))
                .isEqualTo(ApiGroups.groupOf(ConcurrencyLimitsResource.class))
                .isEqualTo(ApiGroup.USAGE);
        assertThat(ApiGroups.classes(ApiGroup.USAGE)).contains(ConcurrentStreamsHistoryResource.class);
        assertThat(ApiGroups.classes(ApiGroup.BILLING, ApiGroup.KEYS, ApiGroup.PROJECTS, ApiGroup.ADMIN))
                .doesNotContain(ConcurrentStreamsHistoryResource.class);
    }
}
