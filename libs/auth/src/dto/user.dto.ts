import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PageDto, PageQuery } from '@lt/core';
import { USER_ROLES, UserRole } from '../roles';
import { User } from '../user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'supervisor@plant.pk' }) @IsEmail() @MaxLength(200) email: string;
  @ApiProperty({ example: 'Ayesha Khan' }) @IsString() @Length(1, 200) name: string;
  @ApiProperty({ enum: USER_ROLES }) @IsIn(USER_ROLES) role: UserRole;
  @ApiProperty({ minLength: 8 }) @IsString() @Length(8, 200) password: string;
}

export class UpdateUserDto extends PartialType(CreateUserDto) {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class UserQuery extends PageQuery {
  @ApiPropertyOptional({ enum: USER_ROLES }) @IsOptional() @IsIn(USER_ROLES) role?: UserRole;
  @ApiPropertyOptional() @IsOptional() @IsString() email?: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiProperty() active: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class UserPageDto extends PageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
