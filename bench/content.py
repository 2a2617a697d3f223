"""Content the benchmarks add to the portal's own: an article with a lead image and five
images in its body, both languages, so that `make bench`, `make bench-render` and
`make audit` measure a page with pictures as the issue's quality bar describes it.

The pictures are made here with Pillow (the benchmarks do not import the tests): photo-like
(soft colour fields, a few shapes, fine grain) at 2400x1600, so that their JPEG and WebP
renditions weigh what a newsroom's photos do rather than what a flat test card does."""

import io
import random

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as Picture
from PIL import ImageDraw, ImageFilter

from core.rich_text import from_plain_text
from images.models import Image
from news.models import Article, BodyItem

SIZE = (2400, 1600)
SLUG_RU = "tehnopark-otkryl-laboratorii-v-fotografiyah"
SLUG_EN = "the-technopark-opens-its-laboratories-in-pictures"
PATH_RU = f"/ru/novosti/{SLUG_RU}/"
PATH_EN = f"/en/news/{SLUG_EN}/"

PICTURES = [
    # alt (ru, en), caption (ru, en), credit (ru, en)
    (
        (
            "Стеклянный фасад нового корпуса технопарка на закате",
            "The new technopark building's glass front at sunset",
        ),
        (
            "Новый корпус технопарка открылся в понедельник.",
            "The technopark's new building opened on Monday.",
        ),
        ("Фото: пресс-служба технопарка", "Photo: technopark press office"),
    ),
    (
        (
            "Инженеры у стенда с прототипом дрона в лаборатории робототехники",
            "Engineers at a bench with a drone prototype in the robotics laboratory",
        ),
        (
            "Лаборатория робототехники занимает весь второй этаж.",
            "The robotics laboratory takes the whole second floor.",
        ),
        ("Фото: Анна Смирнова", "Photo: Anna Smirnova"),
    ),
    (
        (
            "Участники стартап-акселератора слушают выступление в зале",
            "Start-up accelerator participants listen to a talk in the hall",
        ),
        ("Первый набор акселератора — 40 команд.", "The accelerator's first intake is 40 teams."),
        ("Фото: пресс-служба технопарка", "Photo: technopark press office"),
    ),
    (
        (
            "Чистая комната с оборудованием для производства микросхем",
            "A clean room with microchip manufacturing equipment",
        ),
        ("Чистая комната класса ISO 7.", "An ISO class 7 clean room."),
        ("Фото: Иван Кузнецов", "Photo: Ivan Kuznetsov"),
    ),
    (
        (
            "Переговорная с видом на парк и Москву-реку",
            "A meeting room overlooking the park and the Moscow River",
        ),
        (
            "Переговорные открыты для резидентов круглосуточно.",
            "Meeting rooms are open to residents around the clock.",
        ),
        ("Фото: пресс-служба технопарка", "Photo: technopark press office"),
    ),
    (
        (
            "Посетители у входа в технопарк в день открытия",
            "Visitors at the technopark's entrance on its opening day",
        ),
        (
            "В день открытия технопарк посетили более двух тысяч человек.",
            "More than two thousand people visited on the opening day.",
        ),
        ("Фото: Анна Смирнова", "Photo: Anna Smirnova"),
    ),
]

PARAGRAPHS = [
    (
        "Технопарк на юго-западе Москвы открыл новый корпус площадью 24 тысячи квадратных "
        "метров. В нём разместились лаборатории робототехники, микроэлектроники и новых "
        "материалов, а также офисы для 120 технологических компаний-резидентов.",
        "A technopark in south-west Moscow has opened a new building of 24,000 square "
        "metres. It houses laboratories for robotics, microelectronics and new materials, "
        "and offices for 120 technology companies in residence.",
    ),
    (
        "Строительство заняло два года. Корпус спроектирован так, чтобы лаборатории можно "
        "было перестраивать под задачи резидентов: перегородки сборные, а инженерные сети "
        "проложены под фальшполом по всей площади этажей.",
        "Construction took two years. The building is designed so that laboratories can be "
        "rearranged for residents' needs: the partitions are modular, and the utilities run "
        "under a raised floor across every storey.",
    ),
    (
        "Лаборатория робототехники оснащена испытательными стендами для дронов и "
        "манипуляторов. Резиденты могут арендовать оборудование почасово, что особенно "
        "важно для молодых команд, которым не по силам покупать его самим.",
        "The robotics laboratory has test benches for drones and manipulators. Residents "
        "can rent the equipment by the hour, which matters most to young teams that "
        "cannot afford to buy it themselves.",
    ),
    (
        "Вместе с корпусом заработал акселератор для стартапов на ранней стадии. Программа "
        "длится шесть месяцев; участники получают наставников, доступ к лабораториям и "
        "возможность пилотировать решения на городских предприятиях.",
        "An accelerator for early-stage start-ups opened with the building. The programme "
        "lasts six months; participants get mentors, access to the laboratories and the "
        "chance to pilot their solutions at the city's enterprises.",
    ),
    (
        "Чистая комната позволяет выпускать малые серии микросхем и датчиков. По словам "
        "руководства технопарка, спрос на неё уже превышает возможности, и второе "
        "помещение такого класса может появиться в следующем году.",
        "The clean room makes small batches of microchips and sensors. The technopark's "
        "management says demand already exceeds its capacity, and a second room of the "
        "same class may follow next year.",
    ),
    (
        "На верхнем этаже устроены переговорные и зал для мероприятий на 300 мест. "
        "Резиденты бронируют их через общий календарь, а по выходным зал открыт для "
        "лекций и встреч городского сообщества предпринимателей.",
        "The top floor has meeting rooms and an events hall for 300 people. Residents book "
        "them through a shared calendar, and at weekends the hall is open for lectures and "
        "meetings of the city's entrepreneurs.",
    ),
    (
        "Заявки на резидентство принимаются круглый год. Отбор проводит экспертный совет, "
        "в который входят представители технопарка, университетов и крупных "
        "технологических компаний.",
        "Applications for residency are accepted all year round. An expert council of the "
        "technopark, universities and large technology companies selects the residents.",
    ),
]


def photo(seed: int, size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG that compresses like a detailed photograph: smooth colour fields (a few
    random colours blown up), large and small shapes with edges, and a grain a few pixels
    across (a finer one would vanish in the downscaled renditions). Its 800 px WebP weighs
    some 55-60 KB, the 480 px one some 28 KB, as a newsroom's photos do."""
    rng = random.Random(seed)
    coarse = Picture.new("RGB", (6, 4))
    coarse.putdata([tuple(rng.randrange(30, 230) for _ in range(3)) for _ in range(24)])
    picture = coarse.resize(size, Picture.Resampling.BICUBIC)
    draw = ImageDraw.Draw(picture)
    width, height = size
    for number in range(840):
        extent = (80, 700) if number < 40 else (6, 60)
        left, top = rng.randrange(width), rng.randrange(height)
        box = (left, top, left + rng.randrange(*extent), top + rng.randrange(*extent))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    grain = Picture.effect_noise((width // 4, height // 4), 40)
    grain = grain.resize(size, Picture.Resampling.BICUBIC).convert("RGB")
    picture = Picture.blend(picture, grain, 0.12)
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=90)
    return output.getvalue()


def library_image(number: int, size: tuple[int, int] = SIZE) -> Image:
    """Picture ``number`` of the library: its texts are the six pictures' in turn."""
    (alt_ru, alt_en), (caption_ru, caption_en), (credit_ru, credit_en) = PICTURES[
        number % len(PICTURES)
    ]
    image = Image(
        alt_ru=alt_ru,
        alt_en=alt_en,
        caption_ru=caption_ru,
        caption_en=caption_en,
        credit_ru=credit_ru,
        credit_en=credit_en,
        focal_x=0.5,
        focal_y=0.4,
    )
    # Stored by the save, which reads its width and height as an upload's.
    image.file = ImageFile(io.BytesIO(photo(number, size)), name=f"bench-photo-{number}.jpg")
    image.save()
    return image


def image_article() -> Article:
    """The article with a lead image and five images in its body, each image between
    paragraphs; the second body image has a caption of its own for this article."""
    images = [library_image(number) for number in range(len(PICTURES))]
    article = Article.objects.create(
        headline_ru="Технопарк открыл новые лаборатории: репортаж в фотографиях",
        headline_en="The technopark opens its new laboratories: a report in pictures",
        slug_ru=SLUG_RU,
        slug_en=SLUG_EN,
        lead_ru="Новый корпус технопарка на юго-западе Москвы принял первых резидентов: "
        "лаборатории, чистая комната и акселератор для стартапов.",
        lead_en="The new building of a technopark in south-west Moscow has taken its first "
        "residents: laboratories, a clean room and a start-up accelerator.",
        source_name_ru="Официальный сайт мэра Москвы",
        source_name_en="Official website of the Mayor of Moscow",
        source_url="https://www.mos.ru/",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
        english_ready=True,
        lead_image=images[0],
    )
    blocks = []
    for number, (text_ru, text_en) in enumerate(PARAGRAPHS):
        blocks.append(
            BodyItem(
                kind=BodyItem.Kind.PARAGRAPH,
                text_ru=from_plain_text(text_ru),
                text_en=from_plain_text(text_en),
            )
        )
        if number < 5:
            own_caption = (
                {
                    "caption_ru": "Прототип дрона для инспекции мостов.",
                    "caption_en": "A prototype drone for inspecting bridges.",
                }
                if number == 1
                else {}
            )
            blocks.append(
                BodyItem(kind=BodyItem.Kind.IMAGE, image=images[number + 1], **own_caption)
            )
    for position, block in enumerate(blocks, start=1):
        block.article, block.position = article, position
        block.save()
    return article
