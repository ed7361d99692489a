import { INestApplication } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, getSchemaPath, OpenAPIObject, OperationObject, ResponsesObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorBody, FieldProblem } from './error-body';

export type DocumentedService = { name: string; title: string; description: string };

class FieldProblemView implements FieldProblem {
  @ApiProperty({ example: 'companiesHouseNumber' })
  field: string;

  @ApiProperty({ type: [String], example: ['A Companies House number is 8 characters'] })
  problems: string[];
}

/** The one error body (ErrorBody), as the document declares it for every error response. */
class ErrorBodyView implements ErrorBody {
  @ApiProperty({ example: 404 })
  statusCode: number;

  @ApiProperty({ example: 'application-not-found', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: 'Application 2f1c… was not found' })
  message: string;

  @ApiPropertyOptional({
    description: 'A message per field for bad input (validation-failed), or facts about a broken rule',
    oneOf: [{ type: 'array', items: { $ref: getSchemaPath(FieldProblemView) } }, { type: 'object', additionalProperties: true }],
  })
  details?: FieldProblem[] | Record<string, unknown>;

  @ApiPropertyOptional({ example: '6c1e2b0a-3f4d-4c55-9a51-0b7e0f1f8c11' })
  correlationId?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every error a service sends has the ErrorBody shape (AllExceptionsFilter), so the document says
 * so once here: errors an operation names get that body, bad input (400) is named where there is
 * input, a token's absence or roles (401, 403) where a token is needed, and any other error is
 * the `default` response.
 */
function declareErrors(document: OpenAPIObject): void {
  const errorBody = { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyView) } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = item[method];
      if (!operation) continue;
      const responses: ResponsesObject = operation.responses;
      const add = (status: string, description: string) => (responses[status] ??= { description });
      if (operation.requestBody || operation.parameters?.length) add('400', 'The request has invalid fields (validation-failed, a message per field)');
      if (operation.security?.length) {
        add('401', 'No bearer token, or one that is not valid');
        add('403', "The token's roles may not do this");
        // Every caller with a token is rate limited per subject (SecurityModule).
        responses['429'] ??= {
          description: 'Too many requests from this subject (too-many-requests); `Retry-After` says in how many seconds to try again',
          headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } },
        };
      }
      add('default', 'Any other error');
      for (const [status, response] of Object.entries(responses)) {
        if (response && (status === 'default' || Number(status) >= 400) && !('$ref' in response)) response.content ??= errorBody;
      }
    }
  }
}

/** The service's OpenAPI document, built from its controllers and DTOs, with its error responses. */
export function openApiDocument(app: INestApplication, definition: DocumentedService): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion('1')
      .setLicense('MIT', 'https://opensource.org/licenses/MIT')
      // Relative: the document describes the service that serves it, wherever that runs.
      .addServer('/')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorBodyView, FieldProblemView] },
  );
  declareErrors(document);
  return document;
}
