package emostream.train;

import emostream.audio.noise.Degradation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomAugmentationTest {

    @Test
    void aSpeakersRoomIsTheSameEveryRunAndRoomsVary() {
        assertEquals(RoomAugmentation.room("emodb:03", 1, 42).name(), RoomAugmentation.room("emodb:03", 1, 42).name(),
                "the same speaker and copy get the same room (its features come from the cache)");
        assertNotEquals(RoomAugmentation.room("emodb:03", 1, 42).name(), RoomAugmentation.room("emodb:03", 2, 42).name());
        Set<String> names = new HashSet<>();
        int phone = 0;
        int reverb = 0;
        for (int s = 0; s < 200; s++) {
            Degradation d = RoomAugmentation.room("c:" + s, 1, 42);
            names.add(d.name());
            assertEquals(d.name(), Degradation.parse(d.name()).name(), "every room is a parseable spec");
            phone += d.name().contains("phone") ? 1 : 0;
            reverb += d.name().contains("reverb") ? 1 : 0;
        }
        assertTrue(names.size() > 150, "200 speakers get varied rooms: " + names.size());
        assertTrue(phone > 20 && phone < 90, "about a quarter on a telephone line: " + phone);
        assertTrue(reverb > 60 && reverb < 140, "about half reverberant: " + reverb);
    }
}
