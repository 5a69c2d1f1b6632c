import factory
from django.core.files.base import ContentFile

from emg.models import Document, Entity, Meeting, Session, User


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("acronym",)

    acronym = factory.Sequence(lambda n: f"ENT{n}")
    name = factory.LazyAttribute(lambda o: f"Entity {o.acronym}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    entity = factory.SubFactory(EntityFactory)
    role = User.Role.SECRETARIAT
    password = factory.django.Password("correct horse battery staple")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 100 + n)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    segment = Session.Segment.SENIOR


def uploaded_document(file_name: str, content: bytes, **fields) -> Document:
    """A document of ``fields`` whose file, ``file_name``, was uploaded holding ``content``."""
    document = Document(**fields)
    document.file.save(file_name, ContentFile(content), save=False)
    document.save()
    return document
